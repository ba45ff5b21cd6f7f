import { solveChallenge, type PortalChallenge } from '@vigil/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { getPortalChallenge } from './portal.api';

/** A solved challenge, and when this browser received it (the minimum fill time counts from then). */
export type SolvedProof = { challenge: PortalChallenge; counter: number; receivedAt: number };

/** Solving longer than this shows a quiet note; before that the guest sees nothing of it. */
const slowAfterMs = 8_000;

/**
 * Fetches and solves the portal's proof of work in the background while the guest types (Web Crypto;
 * about 2^difficulty hashes). `proof()` waits for it; `renew()` starts over after an expired or used one.
 */
export function useProof(slug: string | undefined) {
  const current = useRef<{ promise: Promise<SolvedProof>; abort: AbortController } | null>(null);
  const [slow, setSlow] = useState(false);
  const [unsupported] = useState(() => typeof globalThis.crypto?.subtle?.digest !== 'function');

  const start = useCallback(() => {
    current.current?.abort.abort();
    if (!slug || unsupported) return;
    const abort = new AbortController();
    const timer = setTimeout(() => setSlow(true), slowAfterMs);
    const promise = (async () => {
      const challenge = await getPortalChallenge(slug, abort.signal);
      const receivedAt = Date.now();
      const counter = await solveChallenge(challenge.nonce, challenge.difficulty, { signal: abort.signal });
      return { challenge, counter, receivedAt };
    })();
    promise.then(
      () => {
        clearTimeout(timer);
        setSlow(false);
      },
      () => {
        clearTimeout(timer);
        if (!abort.signal.aborted) setSlow(false);
      },
    );
    // A failure is reported when the proof is asked for, not as an unhandled rejection.
    promise.catch(() => undefined);
    current.current = { promise, abort };
  }, [slug, unsupported]);

  useEffect(() => {
    start();
    return () => current.current?.abort.abort();
  }, [start]);

  const proof = useCallback(async (): Promise<SolvedProof> => {
    if (!current.current) start();
    if (!current.current) throw new Error('proof of work unavailable');
    try {
      return await current.current.promise;
    } catch (err) {
      // One fresh try (a network hiccup while fetching the challenge), then the error stands.
      start();
      if (!current.current) throw err;
      return current.current.promise;
    }
  }, [start]);

  return { proof, renew: start, slow, unsupported };
}

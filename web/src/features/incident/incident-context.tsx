import type { Incident, IncidentType } from '@vigil/shared';
import { createContext, useContext, useEffect, useState } from 'react';
import type { DisplayContext } from './field-display';
import type { FieldSpec } from './incident-fields';
import type { Directory } from './use-incident-data';

export type SaveOutcome = 'saved' | 'conflict' | 'error';

/** What every part of the incident page shares: the incident as loaded, its type, its fields, names, and the edit function. */
export type IncidentCtx = {
  /** The address the page was opened with (number or id): the cache key of the incident. */
  ref: string;
  incident: Incident;
  type: IncidentType;
  specs: FieldSpec[];
  spec: (key: string) => FieldSpec | undefined;
  directory: Directory;
  display: DisplayContext;
  /** The type's state label in the user's language. */
  stateLabel: (key: string) => string;
  /** PATCH with If-Match `baseVersion`; a version conflict opens the conflict dialog with the change kept. */
  save: (patch: Record<string, unknown>, baseVersion: number) => Promise<{ outcome: SaveOutcome; error?: unknown }>;
  store: (incident: Incident) => void;
  refresh: () => Promise<void>;
  /** Closed, or merged into another incident: no more work here. */
  settled: boolean;
};

export const IncidentContext = createContext<IncidentCtx | null>(null);

export function useIncidentCtx(): IncidentCtx {
  const ctx = useContext(IncidentContext);
  if (!ctx) throw new Error('useIncidentCtx is only available on the incident page');
  return ctx;
}

/** The current time, ticking every `ms` while mounted (countdowns). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(id);
  }, [ms]);
  return now;
}

import type { FastifyReply } from 'fastify';

/** One open text/event-stream response. */
export type SseStream = {
  /** Sends one event; `id` becomes the client's Last-Event-ID. */
  send: (event: string, data: unknown, id?: number) => void;
  /** Sends a comment line (heartbeats keep proxies from closing an idle connection). */
  comment: (text: string) => void;
  end: () => void;
  readonly closed: boolean;
};

/** A client that reads slower than this many buffered bytes is disconnected; it reconnects and resumes. */
const maxBufferedBytes = 1_048_576;

/**
 * Takes the response over from Fastify and opens the event stream. The headers Fastify's hooks set
 * (security headers, no-store) are kept; `retry` tells EventSource how long to wait before reconnecting.
 */
export function openSseStream(reply: FastifyReply, opts: { retryMs: number; onClose: () => void }): SseStream {
  reply.hijack();
  const raw = reply.raw;
  let closed = false;
  const finish = () => {
    if (closed) return;
    closed = true;
    opts.onClose();
  };
  raw.on('close', finish);
  raw.on('error', finish);
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) raw.setHeader(name, value);
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  raw.flushHeaders();

  const write = (chunk: string) => {
    if (closed) return;
    raw.write(chunk);
    if (raw.writableLength > maxBufferedBytes) {
      raw.destroy();
      finish();
    }
  };
  write(`retry: ${opts.retryMs}\n: connected\n\n`);
  return {
    send: (event, data, id) => write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    comment: (text) => write(`: ${text.replace(/[\r\n]/g, ' ')}\n\n`),
    end: () => {
      if (closed) return;
      raw.end();
      finish();
    },
    get closed() {
      return closed;
    },
  };
}

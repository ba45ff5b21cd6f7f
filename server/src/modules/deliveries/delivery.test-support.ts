import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Deps } from '../../platform/context.js';
import { createJobRegistry } from '../../platform/jobs/jobs.registry.js';
import { createWorker } from '../../platform/jobs/jobs.worker.js';
import { deliveryJobs } from './delivery.jobs.js';

/** One request a test receiver got. */
export type Received = { path: string; headers: http.IncomingHttpHeaders; body: string };
export type Answer = { status: number; body?: string; headers?: Record<string, string> } | 'hang';

/** A real HTTP server on 127.0.0.1 that records requests and answers as the test says. */
export async function startHttpReceiver(answer: (req: Received) => Answer = () => ({ status: 200, body: 'ok' })) {
  const requests: Received[] = [];
  let respond = answer;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(received);
      const a = respond(received);
      if (a === 'hang') return;
      res.writeHead(a.status, { 'content-type': 'text/plain', ...a.headers });
      res.end(a.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    requests,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    answer: (fn: (req: Received) => Answer) => void (respond = fn),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
export type HttpReceiver = Awaited<ReturnType<typeof startHttpReceiver>>;

/** A real SMTP server on 127.0.0.1 that parses every mail it accepts; recipients can be refused per address. */
export async function startSmtpReceiver(refuse: (address: string) => { code: number; message: string } | null = () => null) {
  const mails: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const r = refuse(address.address);
      if (!r) return callback();
      callback(Object.assign(new Error(r.message), { responseCode: r.code }));
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { mails, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A worker for this module's jobs, driven by hand: runs due jobs until none is left (bounded). */
export function deliveryWorker(deps: Deps) {
  const worker = createWorker({ deps, registry: createJobRegistry(deliveryJobs), workerId: 'test-worker', random: () => 0.5 });
  return {
    runOnce: () => worker.runOnce(),
    drain: async (rounds = 20) => {
      let total = 0;
      for (let i = 0; i < rounds; i++) {
        const n = await worker.runOnce();
        if (n === 0) return total;
        total += n;
      }
      throw new Error('jobs kept coming');
    },
  };
}

import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { Deps } from '../../platform/context.js';
import { classifyRecipient } from './mail-in.classify.js';
import { receiveInboundMail } from './mail-in.receive.js';

export type MailListener = { port: number; close: () => Promise<void> };

const MAX_RECIPIENTS = 20;

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * The built-in SMTP listener for email in. It accepts mail only for the configured inbound address
 * and its sub-addresses (never a relay), refuses messages over the size limit, and answers 250 only
 * after the raw message is stored with its processing job; a database failure is a temporary 451 so
 * the sending server retries.
 */
export async function startMailListener(deps: Deps, opts: { port: number; host: string }): Promise<MailListener> {
  const inbound = deps.config.smtpInboundAddress;
  if (!inbound) throw new Error('the SMTP listener needs SMTP_INBOUND_ADDRESS');
  const maxBytes = deps.config.smtpMaxMessageBytes;
  const options: SMTPServerOptions = {
    name: new URL(deps.config.baseUrl).hostname || 'vigil',
    banner: 'Vigil incident mail',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxBytes,
    logger: false,
    socketTimeout: 60_000,
    closeTimeout: 5_000,
    onRcptTo(address, session, callback) {
      if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) return callback(smtpError('Too many recipients', 452));
      if (classifyRecipient(inbound, address.address).kind === 'foreign') return callback(smtpError(`No such recipient here: ${address.address}`, 550));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= maxBytes) chunks.push(chunk);
      });
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        if ((stream as { sizeExceeded?: boolean }).sizeExceeded || size > maxBytes) {
          return callback(smtpError(`Message larger than ${maxBytes} bytes`, 552));
        }
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        receiveInboundMail(deps, {
          raw: Buffer.concat(chunks),
          envelopeFrom,
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          remoteAddress: session.remoteAddress ?? null,
        }).then(
          (id) => callback(null, `Queued as ${id}`),
          (err: unknown) => {
            deps.log.error({ err }, 'storing an inbound mail failed');
            callback(smtpError('Temporary failure, try again later', 451));
          },
        );
      });
    },
  };
  const server = new SMTPServer(options);
  server.on('error', (err) => deps.log.warn({ err }, 'SMTP listener error'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  deps.log.info({ port, host: opts.host }, 'SMTP listener for email in is ready');
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

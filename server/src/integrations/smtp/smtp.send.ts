import { createTransport } from 'nodemailer';

export type OutgoingMail = {
  from: string;
  to: { name?: string; address: string };
  replyTo?: string | undefined;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  inReplyTo?: string | undefined;
  references?: string[] | undefined;
  date: Date;
  headers?: Record<string, string>;
};

/** A mail the SMTP server did not take; `permanent` when it refused it for good (5xx), so a retry cannot help. */
export class SmtpSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly responseCode: number | null,
  ) {
    super(message);
    this.name = 'SmtpSendError';
  }
}

/** Sends one mail over the configured SMTP server (one connection per mail, bounded in time). */
export async function sendMail(smtpUrl: string, mail: OutgoingMail, opts: { timeoutMs: number }): Promise<{ response: string }> {
  const transport = createTransport({ url: smtpUrl, connectionTimeout: opts.timeoutMs, greetingTimeout: opts.timeoutMs, socketTimeout: opts.timeoutMs });
  try {
    const info = await transport.sendMail({
      from: mail.from,
      to: mail.to,
      ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
      ...(mail.references?.length ? { references: mail.references } : {}),
      date: mail.date,
      headers: mail.headers ?? {},
    });
    return { response: String((info as { response?: unknown }).response ?? '') };
  } catch (err) {
    const e = err as { message?: string; responseCode?: number; code?: string };
    const code = typeof e.responseCode === 'number' ? e.responseCode : null;
    throw new SmtpSendError(`${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}`, code !== null && code >= 500, code);
  } finally {
    transport.close();
  }
}

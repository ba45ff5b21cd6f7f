import { Readable } from 'node:stream';
import { incidentCreateSchema, limits } from '@vigil/shared';
import { simpleParser, type AddressObject, type Attachment as MailAttachment, type ParsedMail } from 'mailparser';
import type { DbOrTx } from '../../db/client.js';
import type { IncidentRow, IntegrationRow } from '../../db/schema.js';
import { systemActor, type Actor, type Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { addAttachment, type UploadPart } from '../attachments/index.js';
import { incidentIdFromReplyAddress, messageIdHost } from '../deliveries/index.js';
import { actorForEmail } from '../directory/index.js';
import { createIncident, getVisibleIncidentRow, recordComment, runReactors } from '../incidents/index.js';
import {
  addressOf,
  autoReplyReason,
  classifyRecipient,
  cleanText,
  incidentIdsInReferences,
  incidentNumberInSubject,
  loopReason,
  stripQuotedReply,
  type HeaderLookup,
} from './mail-in.classify.js';
import {
  isParticipantAddress,
  messageIdAlreadyHandled,
  selectEmailIntegrationByKey,
  selectIncidentRowById,
  selectIncidentRowByNumber,
  selectInboundMail,
  selectReporterAddress,
  updateInboundMail,
} from './mail-in.repo.js';

type Outcome = { status: 'processed' | 'dropped'; outcome: string; incidentId?: string; commentId?: string; integrationId?: string; detail?: string };

/** Raw header values by lower-case name (the first occurrence), unfolded; mailparser's structured headers regroup some (List-*). */
function headerLookup(parsed: ParsedMail): HeaderLookup {
  const values = new Map<string, string>();
  for (const { key, line } of parsed.headerLines) {
    if (values.has(key)) continue;
    const colon = line.indexOf(':');
    values.set(key, line.slice(colon + 1).replace(/\r?\n[ \t]+/g, ' ').trim());
  }
  return (name) => values.get(name.toLowerCase());
}

function firstMailbox(from: AddressObject | undefined): { address: string | null; name: string | null } {
  const box = from?.value[0];
  return { address: box?.address ? addressOf(box.address) : null, name: box?.name?.trim() || null };
}

/**
 * Acts on one stored message: drops automatic replies, our own mail and duplicates; finds the
 * incident a reply belongs to (reply token, then our Message-IDs, then the number in the subject
 * from a known participant) and adds it as a comment; or opens an incident for mail to an email
 * integration's address. Each outcome is written on the stored message; acting twice is impossible
 * because the outcome is recorded in the transaction that acts.
 */
export async function processInboundMail(deps: Deps, mailId: number): Promise<void> {
  const row = await selectInboundMail(deps.db, mailId);
  if (!row || row.status !== 'received') return;
  const parsed = await simpleParser(Buffer.from(row.raw), { skipImageLinks: true });
  const header = headerLookup(parsed);
  const sender = firstMailbox(parsed.from);
  const subject = cleanText(parsed.subject ?? '', limits.titleLength);
  await updateInboundMail(deps.db, mailId, { message_id: parsed.messageId ?? null, subject, from_address: sender.address });

  const drop = (outcome: string, detail?: string) => finish(deps, mailId, { status: 'dropped', outcome, ...(detail ? { detail } : {}) });
  if (parsed.messageId && (await messageIdAlreadyHandled(deps.db, parsed.messageId, mailId))) return drop('duplicate');
  const auto = autoReplyReason(header, row.envelope_from, sender.address);
  if (auto) return drop(auto);
  const loop = loopReason(header, sender.address, [deps.config.smtpFrom, deps.config.smtpInboundAddress ?? '']);
  if (loop) return drop(loop);
  if (!sender.address) return drop('no_sender');

  const inbound = deps.config.smtpInboundAddress;
  if (!inbound) return drop('not_configured');
  const recipients = row.envelope_to.map((a) => classifyRecipient(inbound, a));
  const person = await actorForEmail(deps.db, sender.address, { ip: row.remote_address });

  const target = await findThread(deps, recipients, parsed, subject, sender.address);
  if (target) return replyToIncident(deps, mailId, target.incident, target.via, parsed, sender, person);

  for (const r of recipients) {
    if (r.kind !== 'integration') continue;
    const integration = await selectEmailIntegrationByKey(deps.db, r.key);
    if (!integration) continue;
    if (!integration.enabled) return drop('integration_disabled');
    return openIncident(deps, mailId, integration, parsed, subject, sender, person);
  }
  return drop('unmatched', 'no reply token, no Message-ID of ours, no number from a participant, no integration address');
}

async function findThread(
  deps: Deps,
  recipients: ReturnType<typeof classifyRecipient>[],
  parsed: ParsedMail,
  subject: string,
  senderAddress: string,
): Promise<{ incident: IncidentRow; via: 'reply_token' | 'message_id' | 'subject' } | null> {
  for (const r of recipients) {
    if (r.kind !== 'reply_token') continue;
    const id = incidentIdFromReplyAddress({ secret: deps.config.secret, smtpInboundAddress: deps.config.smtpInboundAddress }, r.address);
    const incident = id ? await selectIncidentRowById(deps.db, id) : undefined;
    if (incident) return { incident, via: 'reply_token' };
  }
  const references = Array.isArray(parsed.references) ? parsed.references : [parsed.references];
  for (const id of incidentIdsInReferences(messageIdHost(deps.config.baseUrl), [parsed.inReplyTo, ...references])) {
    const incident = await selectIncidentRowById(deps.db, id);
    if (incident) return { incident, via: 'message_id' };
  }
  const number = incidentNumberInSubject(subject);
  if (number) {
    const incident = await selectIncidentRowByNumber(deps.db, number);
    if (incident && (await isParticipantAddress(deps.db, incident, senderAddress))) return { incident, via: 'subject' };
  }
  return null;
}

/** The text of a message: its plain part, or its HTML reduced to text by the parser. */
function bodyOf(parsed: ParsedMail): string {
  return parsed.text ?? (typeof parsed.html === 'string' ? parsed.html.replace(/<[^>]*>/g, ' ') : '');
}

/**
 * A reply becomes a comment. A user who may see the incident comments as themselves (a reporter
 * publicly, staff internally); anyone else is quoted by the system, publicly only when they are the
 * incident's reporter.
 */
async function replyToIncident(
  deps: Deps,
  mailId: number,
  target: IncidentRow,
  via: string,
  parsed: ParsedMail,
  sender: { address: string | null; name: string | null },
  person: Actor | null,
): Promise<void> {
  const text = cleanText(stripQuotedReply(bodyOf(parsed)), limits.commentLength - 400);
  const from = sender.name ? `${sender.name} <${sender.address}>` : sender.address!;
  let commentId: string | null = null;
  let author: Actor = systemActor;
  await deps.db.transaction().execute(async (tx) => {
    const current = await selectInboundMail(tx, mailId, { lock: true });
    if (current?.status !== 'received') return;
    const now = deps.clock.now();
    const asPerson = person && person.role !== 'auditor' ? await getVisibleIncidentRow(tx, person, target.id) : null;
    const mayWriteAsPerson = asPerson && !asPerson.merged_into_id && (person!.role !== 'reporter' || asPerson.reporter_id === person!.userId);
    let incident: IncidentRow;
    let body: string;
    let visibility: 'internal' | 'public';
    if (mayWriteAsPerson) {
      author = person!;
      incident = asPerson;
      visibility = person!.role === 'reporter' ? 'public' : 'internal';
      body = text || '(empty message)';
    } else {
      incident = target;
      visibility = (await selectReporterAddress(tx, target)) === sender.address ? 'public' : 'internal';
      body = `Email from ${from}:\n\n${text || '(empty message)'}`;
    }
    const comment = await recordComment(tx, author, now, incident, body, visibility);
    commentId = comment.id;
    await runReactors(tx, deps, { kind: 'commented', incident, before: incident, actor: author, at: now, detail: { commentId: comment.id, visibility, via: 'email' } });
    await appendAudit(tx, author, now, { entityType: 'inbound_mail', entityId: String(mailId), action: 'comment', after: { incidentNumber: incident.number, commentId: comment.id, via, from: sender.address } });
    await markDone(tx, deps, mailId, { status: 'processed', outcome: 'commented', incidentId: incident.id, commentId: comment.id, detail: `matched by ${via}` });
  });
  if (commentId) await attachFiles(deps, mailId, author, target.id, parsed.attachments, author === systemActor ? null : commentId);
}

/** New mail to an email integration's address opens an incident of its type, reported by the sender. */
async function openIncident(
  deps: Deps,
  mailId: number,
  integration: IntegrationRow,
  parsed: ParsedMail,
  subject: string,
  sender: { address: string | null; name: string | null },
  person: Actor | null,
): Promise<void> {
  const mayReport = person && person.role !== 'auditor';
  const actor: Actor = mayReport ? person : systemActor;
  const input = incidentCreateSchema.parse({
    type: integration.type_id,
    title: subject || '(no subject)',
    description: cleanText(bodyOf(parsed), limits.descriptionLength),
    source: 'email',
    ...(mayReport ? {} : { reporterContact: { email: sender.address, ...(sender.name ? { name: cleanText(sender.name, limits.nameLength) } : {}) } }),
    ...(integration.team_id && (!mayReport || person.role !== 'reporter') ? { teamId: integration.team_id } : {}),
  });
  let created: IncidentRow;
  try {
    const result = await createIncident(deps, actor, input, {
      guest: {
        record: async (tx, row) => {
          const current = await selectInboundMail(tx, mailId, { lock: true });
          if (current?.status !== 'received') throw new AppError('conflict', 'This mail was handled meanwhile');
          await appendAudit(tx, actor, deps.clock.now(), { entityType: 'inbound_mail', entityId: String(mailId), action: 'open_incident', after: { incidentNumber: row.number, integrationId: integration.id, from: sender.address } });
          await markDone(tx, deps, mailId, { status: 'processed', outcome: 'created', incidentId: row.id, integrationId: integration.id });
        },
      },
    });
    created = result.row;
  } catch (err) {
    if (err instanceof AppError && err.code === 'conflict') return;
    if (err instanceof AppError) return finish(deps, mailId, { status: 'dropped', outcome: 'rejected', integrationId: integration.id, detail: err.message });
    throw err;
  }
  await attachFiles(deps, mailId, mayReport ? actor : systemActor, created.id, parsed.attachments, null);
}

/** Attachments of the mail, each through the attachment command (type check, size limit, timeline); a refused one is noted, not fatal. */
async function attachFiles(deps: Deps, mailId: number, actor: Actor, incidentId: string, attachments: MailAttachment[], commentId: string | null): Promise<void> {
  const notes: string[] = [];
  for (const att of attachments) {
    if (att.related) continue; // inline images of an HTML body
    const parts = async function* (): AsyncGenerator<UploadPart> {
      if (commentId) yield { type: 'field', fieldname: 'commentId', value: commentId };
      yield { type: 'file', fieldname: 'file', filename: att.filename ?? 'attachment', mimetype: att.contentType, file: Readable.from(att.content) };
    };
    try {
      await addAttachment(deps, actor, incidentId, parts());
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      notes.push(`${att.filename ?? 'attachment'}: ${err.message}`);
    }
  }
  if (notes.length > 0) await updateInboundMail(deps.db, mailId, { detail: `attachments refused: ${notes.join('; ')}`.slice(0, 2000) });
}

async function markDone(db: DbOrTx, deps: Deps, mailId: number, o: Outcome): Promise<void> {
  await updateInboundMail(db, mailId, {
    status: o.status,
    outcome: o.outcome,
    incident_id: o.incidentId ?? null,
    comment_id: o.commentId ?? null,
    integration_id: o.integrationId ?? null,
    detail: o.detail ?? null,
    processed_at: deps.clock.now(),
  });
}

async function finish(deps: Deps, mailId: number, o: Outcome): Promise<void> {
  await markDone(deps.db, deps, mailId, o);
}

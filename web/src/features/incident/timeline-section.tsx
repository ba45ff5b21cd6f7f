import type { TimelineEvent } from '@vigil/shared';
import { Fragment, useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge, Button, Notice, Spinner } from '../../ui';
import { useErrorText } from '../../lib/error-text';
import { AttachmentView, type AttachmentInfo } from './attachment-view';
import { CommentBox } from './comment-box';
import { useIncidentCtx } from './incident-context';
import { describeEvent, type EventView } from './timeline-text';
import { useAbilities, useTimeline } from './use-incident-data';
import styles from './incident.module.css';

type Filter = 'all' | 'conversation' | 'changes';
type Item = { event: TimelineEvent; view: EventView; files: AttachmentInfo[] };

const pageSize = 40;

const attachmentOf = (e: TimelineEvent): AttachmentInfo => ({
  id: String(e.data.attachmentId ?? ''),
  filename: String(e.data.filename ?? ''),
  contentType: String(e.data.contentType ?? ''),
  size: Number(e.data.size ?? 0),
});

/** The sentence with the incident number it names turned into a link to that incident. */
function withIncidentLink(sentence: string, number: string | undefined): ReactNode {
  if (!number) return sentence;
  const at = sentence.indexOf(number);
  if (at < 0) return sentence;
  return (
    <>
      {sentence.slice(0, at)}
      <Link to={`/incidents/${encodeURIComponent(number)}`}>{number}</Link>
      {sentence.slice(at + number.length)}
    </>
  );
}

/** Comment text with `@Name` of known people emphasised; everything stays text (React escapes it). */
function CommentText({ text, names }: { text: string; names: readonly string[] }) {
  const parts = useMemo(() => {
    const sorted = [...names].filter(Boolean).sort((a, b) => b.length - a.length);
    if (sorted.length === 0) return [text];
    const escaped = sorted.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return text.split(new RegExp(`(@(?:${escaped.join('|')}))`, 'g'));
  }, [text, names]);
  return (
    <p className={styles.commentBody}>
      {parts.map((p, i) =>
        i % 2 === 1 ? (
          <mark key={i} className={styles.mention}>
            {p}
          </mark>
        ) : (
          <Fragment key={i}>{p}</Fragment>
        ),
      )}
    </p>
  );
}

/**
 * The timeline, newest first: comments as cards (internal notes and public replies told apart by
 * colour, label and border), attachments with previews, and every other event as a sentence in the
 * user's language. The comment box sits on top; a filter narrows to the conversation or to changes.
 */
export function TimelineSection({ headingId }: { headingId: string }) {
  const { t } = useTranslation('incident');
  const { incident, display, stateLabel, spec, directory } = useIncidentCtx();
  const { auditor } = useAbilities();
  const errorText = useErrorText();
  const timeline = useTimeline(incident.id);
  const [filter, setFilter] = useState<Filter>('all');
  const [shown, setShown] = useState(pageSize);
  const filterName = useId();

  const items = useMemo((): Item[] => {
    const events = timeline.data ?? [];
    const ctx = { ...display, stateLabel, spec };
    const byComment = new Map<string, AttachmentInfo[]>();
    const commentIds = new Set(events.filter((e) => e.type === 'comment.added').map((e) => String(e.data.commentId ?? '')));
    for (const e of events) {
      const cid = typeof e.data.commentId === 'string' ? e.data.commentId : null;
      if (e.type === 'attachment.added' && cid && commentIds.has(cid)) byComment.set(cid, [...(byComment.get(cid) ?? []), attachmentOf(e)]);
    }
    const out: Item[] = [];
    for (const e of events) {
      if (e.type === 'attachment.added' && typeof e.data.commentId === 'string' && commentIds.has(e.data.commentId)) continue;
      const view = describeEvent(e, ctx);
      const files = e.type === 'comment.added' ? (byComment.get(String(e.data.commentId ?? '')) ?? []) : e.type === 'attachment.added' ? [attachmentOf(e)] : [];
      out.push({ event: e, view, files });
    }
    return out.reverse();
  }, [timeline.data, display, stateLabel, spec]);

  const filtered = items.filter((i) => filter === 'all' || (filter === 'conversation' ? i.view.group === 'conversation' : i.view.group === 'changes'));
  const visible = filtered.slice(0, shown);
  const names = useMemo(() => directory.users.map((u) => u.name), [directory.users]);

  return (
    <section className={styles.panel} aria-labelledby={headingId}>
      <div className={styles.panelHeader}>
        <h2 id={headingId} className={styles.panelTitle}>
          {t('timeline.title')}
        </h2>
        <fieldset className={styles.segmented}>
          <legend className="visually-hidden">{t('timeline.filter')}</legend>
          {(['all', 'conversation', 'changes'] as const).map((f) => (
            <label key={f} className={`${styles.segment} ${filter === f ? styles.segmentActive : ''}`}>
              <input
                type="radio"
                name={filterName}
                value={f}
                checked={filter === f}
                onChange={() => {
                  setFilter(f);
                  setShown(pageSize);
                }}
              />
              <span>{t(`timeline.filters.${f}`)}</span>
            </label>
          ))}
        </fieldset>
      </div>
      {!auditor && !incident.mergedInto ? <CommentBox /> : null}
      {timeline.isPending ? <Spinner /> : null}
      {timeline.isError ? <Notice tone="error">{errorText(timeline.error)}</Notice> : null}
      {timeline.data && filtered.length === 0 ? <p className={styles.muted}>{t('timeline.empty')}</p> : null}
      <ol className={styles.timeline} aria-label={t('timeline.listLabel')}>
        {visible.map(({ event, view, files }) => {
          const time = (
            <time dateTime={event.createdAt} title={display.format.dateTime(event.createdAt)} className={styles.eventTime}>
              {display.format.dateTime(event.createdAt)}
            </time>
          );
          if (view.kind === 'comment') {
            const internal = event.visibility === 'internal';
            return (
              <li key={event.id} className={`${styles.comment} ${internal ? styles.commentInternal : styles.commentPublic}`} data-comment={event.visibility}>
                <div className={styles.commentHead}>
                  <span className={styles.commentAuthor}>{event.actor?.name ?? t('timeline.system')}</span>
                  <Badge tone={internal ? 'warning' : 'info'}>{internal ? t('comment.internalBadge') : t('comment.publicBadge')}</Badge>
                  {time}
                </div>
                <span className="visually-hidden">{view.sentence}</span>
                <CommentText text={view.quote ?? ''} names={names} />
                {files.length > 0 ? (
                  <div className={styles.attachmentGrid}>
                    {files.map((f) => (
                      <AttachmentView key={f.id} file={f} />
                    ))}
                  </div>
                ) : null}
              </li>
            );
          }
          return (
            <li key={event.id} className={`${styles.event} ${view.tone ? styles[`event_${view.tone}`] : ''}`} data-event={event.type}>
              <span className={styles.eventDot} aria-hidden="true" />
              <div className={styles.eventBody}>
                <p className={styles.eventSentence}>
                  <span>{withIncidentLink(view.sentence, view.incident?.number)}</span>
                  {event.visibility === 'internal' && view.group === 'conversation' ? <Badge tone="warning">{t('comment.internalBadge')}</Badge> : null}
                </p>
                {view.note ? <p className={styles.eventNote}>{view.note}</p> : null}
                {view.quote ? <blockquote className={styles.eventQuote}>{view.quote}</blockquote> : null}
                {files.length > 0 ? (
                  <div className={styles.attachmentGrid}>
                    {files.map((f) => (
                      <AttachmentView key={f.id} file={f} />
                    ))}
                  </div>
                ) : null}
                {time}
              </div>
            </li>
          );
        })}
      </ol>
      {filtered.length > shown ? (
        <Button onClick={() => setShown((n) => n + pageSize)} className={styles.moreButton}>
          {t('timeline.more', { count: filtered.length - shown })}
        </Button>
      ) : null}
    </section>
  );
}

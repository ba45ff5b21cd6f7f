import { attachmentExtensions, limits } from '@vigil/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useRef, useState, type DragEvent, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/error-text';
import { Button, Notice, useToast } from '../../ui';
import { useIncidentCtx } from './incident-context';
import { addComment, uploadAttachment } from './incident.api';
import { insertMention, matchPeople, mentionAt, type MentionQuery } from './mentions';
import { formatBytes } from './timeline-text';
import { incidentKeys, useAbilities } from './use-incident-data';
import { VisibilityToggle } from './visibility-toggle';
import styles from './incident.module.css';

const acceptedExtensions = [...new Set(Object.values(attachmentExtensions).flat())];
const accept = acceptedExtensions.map((e) => `.${e}`).join(',');

type Pending = { key: string; file: File; error: string | null };

/**
 * The comment box: internal note or public reply, @mentions completed from the people who work
 * incidents, files by picker or drag and drop (sent with the comment, or alone), Ctrl+Enter sends.
 */
export function CommentBox() {
  const { t } = useTranslation('incident');
  const { incident, directory, display, refresh } = useIncidentCtx();
  const { worker, reporter } = useAbilities();
  const queryClient = useQueryClient();
  const toast = useToast();
  const errorText = useErrorText();
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<'internal' | 'public'>(worker ? 'internal' : 'public');
  const [files, setFiles] = useState<Pending[]>([]);
  const [mention, setMention] = useState<MentionQuery | null>(null);
  const [active, setActive] = useState(0);
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const ids = { label: useId(), list: useId(), hint: useId(), files: useId() };
  const fileKey = useRef(0);

  const suggestions = useMemo(() => (mention ? matchPeople(directory.users, mention.query) : []), [mention, directory.users]);
  const open = mention !== null && suggestions.length > 0;

  const updateMention = (text: string, caret: number) => {
    const m = directory.users.length > 0 ? mentionAt(text, caret) : null;
    setMention(m);
    setActive(0);
  };

  const choose = (name: string) => {
    const el = textarea.current;
    if (!el || !mention) return;
    const next = insertMention(body, el.selectionStart, mention, name);
    setBody(next.text);
    setMention(null);
    window.requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(next.caret, next.caret);
    });
  };

  const addFiles = (list: FileList | File[]) => {
    const added = Array.from(list).map((file): Pending => {
      const ext = file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : '';
      let fileError: string | null = null;
      if (file.size > limits.attachmentBytes) fileError = t('attachment.tooLarge', { max: formatBytes(limits.attachmentBytes, display) });
      else if (!acceptedExtensions.includes(ext)) fileError = t('attachment.typeRefused');
      fileKey.current += 1;
      return { key: `${fileKey.current}`, file, error: fileError };
    });
    setFiles((f) => [...f, ...added]);
  };

  const send = async () => {
    const text = body.trim();
    const sendable = files.filter((f) => !f.error);
    if (!text && sendable.length === 0) {
      setError(t('comment.empty'));
      return;
    }
    if (!text && worker && visibility === 'public') {
      setError(t('comment.publicFilesNeedText'));
      return;
    }
    setBusy(true);
    setError(null);
    let commentId: string | undefined;
    try {
      if (text) {
        commentId = (await addComment(incident.id, { body: text, ...(worker ? { visibility } : {}) })).id;
        setBody('');
      }
      const failed: Pending[] = [];
      for (const f of sendable) {
        try {
          await uploadAttachment(incident.id, f.file, commentId);
        } catch (err) {
          failed.push({ ...f, error: isApiError(err) ? errorText(err) : t('attachment.failed') });
        }
      }
      setFiles((all) => [...all.filter((f) => f.error && !sendable.includes(f)), ...failed]);
      if (failed.length > 0) setError(t('attachment.someFailed'));
      else toast.success(text ? t('comment.sent') : t('attachment.sent', { count: sendable.length }));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
      await Promise.all([queryClient.invalidateQueries({ queryKey: incidentKeys.timeline(incident.id) }), refresh()]);
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((a) => (a + step + suggestions.length) % suggestions.length);
        return;
      }
      if ((e.key === 'Enter' && !e.ctrlKey && !e.metaKey) || e.key === 'Tab') {
        e.preventDefault();
        choose(suggestions[active]!.name);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        setMention(null);
        return;
      }
    }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void send();
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (e.dataTransfer.files.length > 0) addFiles(e.dataTransfer.files);
  };

  const optionId = (i: number) => `${ids.list}-${i}`;
  const publicMode = visibility === 'public';

  return (
    <form
      className={`${styles.composer} ${publicMode ? styles.composerPublic : ''} ${dragging ? styles.composerDragging : ''}`}
      onSubmit={onSubmit}
      onDragOver={(e) => {
        if (Array.from(e.dataTransfer.types).includes('Files')) {
          e.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={onDrop}
      aria-labelledby={ids.label}
      data-composer
    >
      <label id={ids.label} htmlFor={`${ids.label}-text`} className={styles.composerLabel}>
        {reporter ? t('comment.labelReporter') : t('comment.label')}
      </label>
      {worker ? <VisibilityToggle value={visibility} onChange={setVisibility} /> : reporter ? <p className={styles.hint}>{t('comment.reporterHint')}</p> : null}
      <div className={styles.mentionWrap}>
        <textarea
          ref={textarea}
          id={`${ids.label}-text`}
          name="comment"
          className={styles.composerText}
          rows={4}
          value={body}
          maxLength={limits.commentLength}
          placeholder={worker ? t('comment.placeholder') : t('comment.placeholderReporter')}
          aria-describedby={ids.hint}
          aria-autocomplete={directory.users.length > 0 ? 'list' : undefined}
          aria-controls={open ? ids.list : undefined}
          aria-activedescendant={open ? optionId(active) : undefined}
          onChange={(e) => {
            setBody(e.target.value);
            setError(null);
            updateMention(e.target.value, e.target.selectionStart);
          }}
          onSelect={(e) => updateMention(e.currentTarget.value, e.currentTarget.selectionStart)}
          onBlur={() => window.setTimeout(() => setMention(null), 150)}
          onKeyDown={onKeyDown}
          onPaste={(e) => {
            if (e.clipboardData.files.length > 0) {
              e.preventDefault();
              addFiles(e.clipboardData.files);
            }
          }}
        />
        {open ? (
          <ul id={ids.list} role="listbox" className={styles.mentionList} aria-label={t('comment.mentionList')}>
            {suggestions.map((u, i) => (
              <li
                key={u.id}
                id={optionId(i)}
                role="option"
                aria-selected={i === active}
                className={`${styles.mentionOption} ${i === active ? styles.mentionActive : ''}`}
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(u.name);
                }}
              >
                <span>{u.name}</span>
                <span className={styles.muted}>{t(`common:roles.${u.role}`)}</span>
              </li>
            ))}
          </ul>
        ) : null}
        <span className="visually-hidden" aria-live="polite">
          {open ? t('comment.mentionCount', { count: suggestions.length }) : ''}
        </span>
      </div>
      <p id={ids.hint} className={styles.hint}>
        {directory.users.length > 0 ? t('comment.keysWithMentions') : t('comment.keys')}
      </p>
      {files.length > 0 ? (
        <ul className={styles.fileChips} aria-label={t('attachment.pending')}>
          {files.map((f) => (
            <li key={f.key} className={`${styles.fileChip} ${f.error ? styles.fileChipError : ''}`}>
              <span className={styles.fileChipName}>{f.file.name}</span>
              <span className={styles.muted}>{formatBytes(f.file.size, display)}</span>
              {f.error ? <span className={styles.fileChipProblem}>{f.error}</span> : null}
              <button type="button" className={styles.chipRemove} onClick={() => setFiles((all) => all.filter((x) => x.key !== f.key))} aria-label={t('attachment.remove', { name: f.file.name })}>
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {dragging ? (
        <div className={styles.dropOverlay} aria-hidden="true">
          {t('attachment.drop')}
        </div>
      ) : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      <div className={styles.composerActions}>
        <input
          ref={fileInput}
          id={ids.files}
          type="file"
          multiple
          accept={accept}
          className="visually-hidden"
          tabIndex={-1}
          aria-label={t('attachment.add')}
          onChange={(e) => {
            if (e.target.files) addFiles(e.target.files);
            e.target.value = '';
          }}
        />
        <Button onClick={() => fileInput.current?.click()} size="sm" variant="ghost" icon={<ClipIcon />}>
          {t('attachment.add')}
        </Button>
        <span className={styles.dropHint}>{t('attachment.dropHint')}</span>
        <Button type="submit" variant="primary" loading={busy} data-send>
          {publicMode && worker ? t('comment.sendPublic') : reporter ? t('comment.sendReporter') : t('comment.send')}
        </Button>
      </div>
    </form>
  );
}

function ClipIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M10.5 3.5 5 9a1.4 1.4 0 0 0 2 2l5.6-5.6a2.8 2.8 0 0 0-4-4L3 7a4.2 4.2 0 0 0 6 6l4.5-4.5-1-1L8 12a2.8 2.8 0 0 1-4-4l5.6-5.6a1.4 1.4 0 0 1 2 2L6 10a0 0 0 0 1 0 0l-.1-.1 5.6-5.5-1-.9Z" fill="currentColor" />
    </svg>
  );
}

import { attachmentExtensions, limits } from '@vigil/shared';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui';
import { randomId } from './device-store';
import type { DraftFile } from './drafts';
import styles from './report.module.css';

/** What the file picker offers: the types the server accepts, by extension and by type. */
const accept = [...Object.keys(attachmentExtensions), ...Object.values(attachmentExtensions).flat().map((e) => `.${e}`)].join(',');
const knownExtensions = new Set(Object.values(attachmentExtensions).flat());
const previewable = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** Why a file cannot be added, or null: too large, or a type the server will refuse. */
export function fileProblem(file: { name: string; size: number; type: string }): 'tooLarge' | 'type' | null {
  if (file.size > limits.attachmentBytes) return 'tooLarge';
  const ext = file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : '';
  if (!(file.type in attachmentExtensions) && !knownExtensions.has(ext)) return 'type';
  return null;
}

/** Photos from the camera and any files, with previews and remove; errors for files that cannot be sent. */
export function AttachmentsPicker({ files, onChange, format }: { files: DraftFile[]; onChange: (files: DraftFile[]) => void; format: (n: number) => string }) {
  const { t } = useTranslation('report');
  const [problems, setProblems] = useState<string[]>([]);
  const add = (list: FileList | null, source: DraftFile['source']) => {
    if (!list) return;
    const added: DraftFile[] = [];
    const refused: string[] = [];
    for (const file of Array.from(list)) {
      const problem = fileProblem(file);
      if (problem) refused.push(t(`files.${problem}`, { name: file.name, max: format(limits.attachmentBytes / 1024 / 1024) }));
      else added.push({ id: randomId(), name: file.name || `photo-${new Date().toISOString().replace(/[:.]/g, '-')}.jpg`, type: file.type, size: file.size, blob: file, source });
    }
    setProblems(refused);
    if (added.length > 0) onChange([...files, ...added]);
  };
  return (
    <fieldset className={styles.group} aria-describedby="report-files-hint">
      <legend className={styles.legend}>{t('files.legend')}</legend>
      <div className={styles.fileButtons}>
        <label className={styles.fileButton}>
          <input
            type="file"
            accept="image/*"
            capture="environment"
            className="visually-hidden"
            data-testid="report-camera"
            onChange={(e) => {
              add(e.target.files, 'camera');
              e.target.value = '';
            }}
          />
          <CameraIcon />
          {t('files.camera')}
        </label>
        <label className={styles.fileButton}>
          <input
            type="file"
            multiple
            accept={accept}
            className="visually-hidden"
            data-testid="report-files"
            onChange={(e) => {
              add(e.target.files, 'files');
              e.target.value = '';
            }}
          />
          <ClipIcon />
          {t('files.add')}
        </label>
      </div>
      <p id="report-files-hint" className={styles.hint}>
        {t('files.hint', { max: format(limits.attachmentBytes / 1024 / 1024) })}
      </p>
      {problems.length > 0 ? (
        <ul className={styles.fileProblems} role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      {files.length > 0 ? (
        <ul className={styles.fileList} aria-label={t('files.listLabel', { count: files.length })}>
          {files.map((f) => (
            <FileRow key={f.id} file={f} format={format} onRemove={() => onChange(files.filter((x) => x.id !== f.id))} />
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}

/** Size in KB or MB, in the reader's number format. */
export function fileSize(bytes: number, format: (n: number) => string, t: (key: string, values: Record<string, string>) => string): string {
  if (bytes >= 1024 * 1024) return t('files.mb', { size: format(Math.round((bytes / 1024 / 1024) * 10) / 10) });
  return t('files.kb', { size: format(Math.max(1, Math.round(bytes / 1024))) });
}

function FileRow({ file, format, onRemove }: { file: DraftFile; format: (n: number) => string; onRemove: () => void }) {
  const { t } = useTranslation('report');
  const showImage = previewable.has(file.type);
  const url = useMemo(() => (showImage ? URL.createObjectURL(file.blob) : null), [file.blob, showImage]);
  useEffect(() => () => {
    if (url) URL.revokeObjectURL(url);
  }, [url]);
  return (
    <li className={styles.fileRow}>
      {url ? <img src={url} alt="" className={styles.preview} /> : <span className={styles.fileIcon} aria-hidden="true">{(file.name.split('.').pop() ?? '').slice(0, 4).toUpperCase() || '?'}</span>}
      <span className={styles.fileMeta}>
        <span className={styles.fileName}>{file.name}</span>
        <span className={styles.fileSize}>{fileSize(file.size, format, t)}</span>
      </span>
      <Button size="sm" variant="ghost" onClick={onRemove} aria-label={t('files.remove', { name: file.name })}>
        {t('files.removeShort')}
      </Button>
    </li>
  );
}

function CameraIcon() {
  return (
    <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" className={styles.icon}>
      <path d="M4 8h3l2-3h6l2 3h3v11H4z" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
      <circle cx="12" cy="13" r="3.5" fill="none" stroke="currentColor" strokeWidth="2" />
    </svg>
  );
}

function ClipIcon() {
  return (
    <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" className={styles.icon}>
      <path d="M16 7l-7.5 7.5a2 2 0 0 0 2.8 2.8L19 9.6a4 4 0 0 0-5.7-5.7L5.6 11.6a6 6 0 0 0 8.5 8.5L20 14" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

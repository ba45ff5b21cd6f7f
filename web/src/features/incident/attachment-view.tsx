import { inlineAttachmentTypes } from '@vigil/shared';
import { useTranslation } from 'react-i18next';
import { useIncidentCtx } from './incident-context';
import { attachmentUrl } from './incident.api';
import { formatBytes } from './timeline-text';
import styles from './incident.module.css';

export type AttachmentInfo = { id: string; filename: string; contentType: string; size: number };

/**
 * One attached file: images as a preview (the server sends them inline only for PNG, JPEG, GIF and
 * WebP, under a sandboxing CSP), every file as a download link with its name and size.
 */
export function AttachmentView({ file }: { file: AttachmentInfo }) {
  const { t } = useTranslation('incident');
  const { display } = useIncidentCtx();
  const image = (inlineAttachmentTypes as readonly string[]).includes(file.contentType);
  const size = formatBytes(file.size, display);
  return (
    <figure className={styles.attachment} data-attachment={file.filename}>
      {image ? (
        <a href={attachmentUrl(file.id, true)} target="_blank" rel="noopener noreferrer" className={styles.previewLink} aria-label={t('attachment.open', { name: file.filename })}>
          <img src={attachmentUrl(file.id, true)} alt={t('attachment.preview', { name: file.filename })} loading="lazy" className={styles.preview} />
        </a>
      ) : null}
      <figcaption className={styles.attachmentCaption}>
        <FileIcon />
        <a href={attachmentUrl(file.id)} download={file.filename} className={styles.attachmentName}>
          {file.filename}
        </a>
        <span className={styles.muted}>{size}</span>
      </figcaption>
    </figure>
  );
}

function FileIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M4 1h5l4 4v9a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V2a1 1 0 0 1 1-1Zm5 1.5V5h2.5L9 2.5Z" fill="currentColor" />
    </svg>
  );
}

import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './button';
import { Dialog } from './dialog';
import { Notice } from './notice';

export type ConfirmDialogProps = {
  open: boolean;
  title: ReactNode;
  /** What will happen, in plain words (and what cannot be undone). */
  children: ReactNode;
  /** The action's name on the button: "Revoke token", not "OK". */
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  /** Destructive actions get the danger button. */
  tone?: 'danger' | 'primary';
  busy?: boolean;
  /** An error of the last attempt, shown inside the dialog. */
  error?: string | null;
};

/** Asks before an action that changes or removes something for good; the button names the action. */
export function ConfirmDialog({ open, title, children, confirmLabel, onConfirm, onClose, tone = 'danger', busy = false, error }: ConfirmDialogProps) {
  const { t } = useTranslation('common');
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      size="sm"
      footer={
        <>
          <Button onClick={onClose}>{t('action.cancel')}</Button>
          <Button variant={tone} onClick={onConfirm} loading={busy}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {error ? <Notice tone="error">{error}</Notice> : null}
      {children}
    </Dialog>
  );
}

import { useEffect, useEffectEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../ui';
import styles from './queue.module.css';

export type QueueKeys = {
  move: (delta: number) => void;
  open: () => void;
  toggle?: () => void;
  search: () => void;
  help: () => void;
};

/** True when a key press belongs to what has focus (typing, a select, a dialog) rather than to the list. */
function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest('dialog[open]')) return true;
  // A row's checkbox keeps j/k/x working (Space toggles it); text fields and selects take the keys.
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
  return target.isContentEditable || ['TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * The list's keys anywhere on the page: j/k move, Enter opens (on the active row), x selects, / goes to
 * the search field, ? shows the keys. Ignored while typing, in dialogs and with Ctrl, Alt or Meta.
 */
export function useQueueKeys(keys: QueueKeys): void {
  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    if (typingInto(e.target)) return;
    const onRow = e.target instanceof HTMLElement && e.target.getAttribute('role') === 'row';
    switch (e.key) {
      case 'j':
        keys.move(1);
        break;
      case 'k':
        keys.move(-1);
        break;
      case 'x':
        if (!keys.toggle) return;
        keys.toggle();
        break;
      case 'Enter':
        // On a link or button, Enter does what that control does.
        if (!onRow && e.target instanceof HTMLElement && e.target.closest('a, button, summary, [role="button"]')) return;
        keys.open();
        break;
      case '/':
        keys.search();
        break;
      case '?':
        keys.help();
        break;
      default:
        return;
    }
    e.preventDefault();
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey(e);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);
}

/** The list of keys, opened with ? or the keyboard button. */
export function KeyboardHelp({ open, onClose, selectable }: { open: boolean; onClose: () => void; selectable: boolean }) {
  const { t } = useTranslation('queue');
  const rows: Array<[string[], string]> = [
    [['j', '↓'], t('keys.next')],
    [['k', '↑'], t('keys.previous')],
    [['Enter'], t('keys.open')],
    ...(selectable ? ([[['x', t('keys.space')], t('keys.toggle')], [[t('keys.shiftClick')], t('keys.range')]] as Array<[string[], string]>) : []),
    [['/'], t('keys.search')],
    [['?'], t('keys.help')],
  ];
  return (
    <Dialog open={open} onClose={onClose} title={t('keys.title')} size="sm">
      <dl className={styles.keys}>
        {rows.map(([combo, what]) => (
          <div key={what} className={styles.keyRow}>
            <dt>
              {combo.map((k, i) => (
                <span key={k}>
                  {i > 0 ? ` ${t('keys.or')} ` : null}
                  <kbd>{k}</kbd>
                </span>
              ))}
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}

import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import styles from './toast.module.css';

export type ToastTone = 'success' | 'error' | 'info';
type ToastItem = { id: number; tone: ToastTone; message: string };

export type ToastApi = {
  show: (message: string, tone?: ToastTone) => void;
  success: (message: string) => void;
  error: (message: string) => void;
};

const ToastContext = createContext<ToastApi | null>(null);
const dismissAfterMs = { success: 5000, info: 6000, error: 10_000 };

/** Short messages after an action. Success and info are polite announcements; errors are alerts and stay longer. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<ToastItem[]>([]);
  const next = useRef(1);
  const { t } = useTranslation('common');
  const dismiss = useCallback((id: number) => setItems((all) => all.filter((i) => i.id !== id)), []);
  const show = useCallback(
    (message: string, tone: ToastTone = 'info') => {
      const id = next.current++;
      setItems((all) => [...all.slice(-3), { id, tone, message }]);
      window.setTimeout(() => dismiss(id), dismissAfterMs[tone]);
    },
    [dismiss],
  );
  const value = useMemo<ToastApi>(() => ({ show, success: (m) => show(m, 'success'), error: (m) => show(m, 'error') }), [show]);
  const polite = items.filter((i) => i.tone !== 'error');
  const alerts = items.filter((i) => i.tone === 'error');
  const render = (item: ToastItem) => (
    <div key={item.id} className={`${styles.toast} ${styles[item.tone]}`}>
      <span className={styles.message}>{item.message}</span>
      <button type="button" className={styles.close} onClick={() => dismiss(item.id)} aria-label={t('action.dismiss')}>
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className={styles.region}>
        <div role="status" aria-live="polite" className={styles.stack}>
          {polite.map(render)}
        </div>
        <div role="alert" aria-live="assertive" className={styles.stack}>
          {alerts.map(render)}
        </div>
      </div>
    </ToastContext.Provider>
  );
}

/** `const toast = useToast(); toast.success(t('saved'))`. */
export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast needs a ToastProvider above it');
  return api;
}

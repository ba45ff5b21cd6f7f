import { useEffect, useRef } from 'react';

/**
 * Focuses the first field inside the returned element once a dialog has opened. The native dialog
 * focuses its first focusable element (the close button) when it opens, after React's autoFocus ran,
 * so the field is focused one frame later.
 */
export function useInitialFocus<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    const frame = window.requestAnimationFrame(() => {
      const target = ref.current?.querySelector<HTMLElement>('[data-autofocus], input:not([type="hidden"]):not([tabindex="-1"]), textarea, select');
      target?.focus();
    });
    return () => window.cancelAnimationFrame(frame);
  }, []);
  return ref;
}

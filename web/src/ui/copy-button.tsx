import { useEffect, useRef, useState } from 'react';
import { Button, type ButtonProps } from './button';

type CopyButtonProps = Omit<ButtonProps, 'onClick' | 'children'> & {
  /** The text put on the clipboard. */
  value: string;
  /** What the button says ("Copy"), and what it says for a moment after copying ("Copied"). */
  label: string;
  copiedLabel: string;
  /** Called when the browser refused the clipboard (insecure origin, permission): show the text to copy by hand. */
  onCopyFailed?: () => void;
};

/**
 * Copies a text with one press; the label changes to `copiedLabel` for two seconds and the change is
 * announced politely, so a screen reader user hears that it worked.
 */
export function CopyButton({ value, label, copiedLabel, onCopyFailed, size = 'sm', variant = 'secondary', ...rest }: CopyButtonProps) {
  const [copied, setCopied] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => setCopied(false), 2000);
    } catch {
      onCopyFailed?.();
    }
  };

  return (
    <Button {...rest} size={size} variant={variant} onClick={() => void copy()}>
      <span aria-live="polite">{copied ? copiedLabel : label}</span>
    </Button>
  );
}

import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import styles from './tabs.module.css';

export type TabItem = {
  id: string;
  label: ReactNode;
  /** A small marker after the label: a count of errors or a "changed" dot, with its text for screen readers. */
  marker?: { text: string; tone: 'error' | 'changed' | 'neutral'; srText?: string };
};

type TabsProps = {
  /** Names the tab list for screen readers. */
  label: string;
  tabs: readonly TabItem[];
  selected: string;
  onSelect: (id: string) => void;
  /** Prefix for the ids of tabs and panels, unique on the page. */
  idPrefix: string;
};

/** The ids that connect a tab to its panel: spread `tabPanelProps(prefix, id)` on the panel element. */
export function tabPanelProps(idPrefix: string, id: string) {
  return { id: `${idPrefix}-panel-${id}`, role: 'tabpanel', 'aria-labelledby': `${idPrefix}-tab-${id}`, tabIndex: 0 } as const;
}

/**
 * A WAI-ARIA tab list: one tab in the focus order, arrow keys (and Home/End) move between tabs and
 * select them. The caller renders the selected panel with `tabPanelProps`.
 */
export function Tabs({ label, tabs, selected, onSelect, idPrefix }: TabsProps) {
  const refs = useRef(new Map<string, HTMLButtonElement>());
  const onKeyDown = (e: KeyboardEvent) => {
    const index = tabs.findIndex((tab) => tab.id === selected);
    let next = -1;
    if (e.key === 'ArrowRight') next = (index + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') next = (index - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    if (next < 0) return;
    e.preventDefault();
    const id = tabs[next]!.id;
    onSelect(id);
    refs.current.get(id)?.focus();
  };
  return (
    <div role="tablist" aria-label={label} className={styles.list} onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          ref={(el) => {
            if (el) refs.current.set(tab.id, el);
            else refs.current.delete(tab.id);
          }}
          type="button"
          role="tab"
          id={`${idPrefix}-tab-${tab.id}`}
          aria-controls={`${idPrefix}-panel-${tab.id}`}
          aria-selected={tab.id === selected}
          tabIndex={tab.id === selected ? 0 : -1}
          className={styles.tab}
          onClick={() => onSelect(tab.id)}
        >
          {tab.label}
          {tab.marker ? (
            <span className={[styles.marker, tab.marker.tone === 'error' ? styles.markerError : tab.marker.tone === 'changed' ? styles.markerChanged : ''].join(' ')}>
              <span aria-hidden={tab.marker.srText ? true : undefined}>{tab.marker.text}</span>
              {tab.marker.srText ? <span className="visually-hidden">{tab.marker.srText}</span> : null}
            </span>
          ) : null}
        </button>
      ))}
    </div>
  );
}

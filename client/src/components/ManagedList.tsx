import type { ReactNode } from 'react';

export interface ManagedItem {
  id: string;
  title: string;
  /** What sits under the title: status and date. */
  hint: ReactNode;
}

interface ManagedListProps {
  items: readonly ManagedItem[];
  selected: string | null;
  onSelect: (id: string) => void;
  /** The button's text ("Manage"); the item's title describes it, for screen readers. */
  manageLabel: string;
  /** Keeps the title elements' ids apart when two lists share a page. */
  idPrefix: string;
}

/** The secretariat's lists of things to manage (meetings, consultation cycles): one is open at a time. */
export function ManagedList({ items, selected, onSelect, manageLabel, idPrefix }: ManagedListProps) {
  return (
    <ul className="meeting-list">
      {items.map((item) => (
        <li key={item.id} aria-current={item.id === selected ? 'true' : undefined}>
          <span className="meeting-name" dir="auto" id={`${idPrefix}-${item.id}`}>
            {item.title}
          </span>
          <span className="hint">{item.hint}</span>
          <button type="button" aria-pressed={item.id === selected} aria-describedby={`${idPrefix}-${item.id}`} onClick={() => onSelect(item.id)}>
            {manageLabel}
          </button>
        </li>
      ))}
    </ul>
  );
}

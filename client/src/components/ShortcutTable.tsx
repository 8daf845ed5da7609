import type { KeyboardEvent, ReactNode } from 'react';

export interface ShortcutRow<Id extends string> {
  id: Id;
  /** The action, as the person knows it. */
  name: string;
  /** Its keys as shown, or a word saying it has none. */
  keys: ReactNode;
  /** More buttons for the row (turn off…). */
  extra?: ReactNode;
}

interface ShortcutTableProps<Id extends string> {
  caption: string;
  headings: { action: string; keys: string; change: string };
  /** "Change" and the label while waiting for the new key. */
  labels: { change: string; recording: string };
  rows: readonly ShortcutRow<Id>[];
  /** The row waiting for its new key, if any. */
  recording: Id | null;
  onToggle: (id: Id) => void;
  /** A key pressed while `id` waits for its new key. */
  onRecordKey: (id: Id, event: KeyboardEvent<HTMLButtonElement>) => void;
  onStop: () => void;
}

/**
 * Actions and their keys, each with a "Change" button that takes the next key pressed on it
 * (leaving the button stops waiting). Shared by the captioner's and the chair's consoles.
 */
export function ShortcutTable<Id extends string>({
  caption,
  headings,
  labels,
  rows,
  recording,
  onToggle,
  onRecordKey,
  onStop,
}: ShortcutTableProps<Id>) {
  return (
    <table className="shortcut-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{headings.action}</th>
          <th scope="col">{headings.keys}</th>
          <th scope="col">
            <span className="visually-hidden">{headings.change}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id}>
            <th scope="row">{row.name}</th>
            <td>{row.keys}</td>
            <td className="shortcut-buttons">
              <button
                type="button"
                aria-pressed={recording === row.id}
                onClick={() => onToggle(row.id)}
                onKeyDown={(event) => recording === row.id && onRecordKey(row.id, event)}
                onBlur={() => recording === row.id && onStop()}
              >
                {recording === row.id ? labels.recording : labels.change}
                <span className="visually-hidden"> {row.name}</span>
              </button>
              {row.extra}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

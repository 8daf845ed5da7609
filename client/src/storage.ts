/**
 * This browser's memory of a person's own settings (never the meeting's: those live on the
 * server): on the `device` (localStorage), or for one `tab` across its reloads (sessionStorage).
 * Private browsing may refuse storage; the settings then last for this page only.
 */
export type StorageScope = 'device' | 'tab';

export const storageOf = (scope: StorageScope): Storage | null => {
  try {
    return scope === 'device' ? localStorage : sessionStorage;
  } catch {
    return null;
  }
};

export function readStored(key: string, scope: StorageScope = 'device'): unknown {
  try {
    const text = storageOf(scope)?.getItem(key) ?? null;
    return text === null ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

export function writeStored(key: string, value: unknown, scope: StorageScope = 'device'): void {
  try {
    storageOf(scope)?.setItem(key, JSON.stringify(value));
  } catch {
    // See above: the value is kept in the page's state anyway.
  }
}

/**
 * This browser's memory of a person's own settings (never the meeting's: those live on the
 * server). Private browsing may refuse storage; the settings then last for this page only.
 */
export function readStored(key: string): unknown {
  try {
    const text = localStorage.getItem(key);
    return text === null ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

/** A mark kept for this tab only, across its reloads (sessionStorage); false where storage is refused. */
export function readTabMark(key: string): boolean {
  try {
    return sessionStorage.getItem(key) !== null;
  } catch {
    return false;
  }
}

export function writeTabMark(key: string, on: boolean): void {
  try {
    if (on) sessionStorage.setItem(key, '1');
    else sessionStorage.removeItem(key);
  } catch {
    // Without it, a reload asks the person to join again.
  }
}

export function writeStored(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // See above: the value is kept in the page's state anyway.
  }
}

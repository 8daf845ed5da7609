import { useCallback, useEffect, useState } from 'react';
import { storageOf, type StorageScope } from './storage.js';

/**
 * Links carry their secret in the fragment (`#token=...`), which browsers never send to a
 * server, in a Referer header or to its logs.
 *
 * - `device`: a meeting link. The secret stays in the address, so the page can be bookmarked
 *   and opened in another tab, and it is remembered on this device (per meeting and page), so
 *   the page opens again without it until the person chooses "Forget me on this device".
 * - `tab`: the admin token. Read once, kept for this tab only and taken out of the address
 *   bar, as it opens every meeting.
 */
export type SecretScope = StorageScope;

function fragmentWith(name: string, value: string | null): string {
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (value === null) fragment.delete(name);
  else fragment.set(name, value);
  const rest = fragment.toString();
  return `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`;
}

function stored(scope: SecretScope, storageKey: string): string | null {
  try {
    return storageOf(scope)?.getItem(storageKey) ?? null;
  } catch {
    return null;
  }
}

function store(scope: SecretScope, storageKey: string, value: string | null): void {
  try {
    if (value === null) storageOf(scope)?.removeItem(storageKey);
    else storageOf(scope)?.setItem(storageKey, value);
  } catch {
    // As above.
  }
}

function takeSecret(name: string, storageKey: string, scope: SecretScope): string | null {
  const fromLink = new URLSearchParams(location.hash.slice(1)).get(name);
  if (fromLink) {
    store(scope, storageKey, fromLink);
    if (scope === 'tab') history.replaceState(history.state, '', fragmentWith(name, null));
    return fromLink;
  }
  const remembered = stored(scope, storageKey);
  // Put back in the address: a bookmark made now, or a copy of the address, works too.
  if (remembered && scope === 'device') history.replaceState(history.state, '', fragmentWith(name, remembered));
  return remembered;
}

/**
 * The secret for this page, following a new link pasted into the same tab. The setter
 * remembers a secret given another way (null forgets it, here and in the address).
 */
export function useFragmentSecret(
  name: string,
  storageKey: string,
  scope: SecretScope,
): [string | null, (secret: string | null) => void] {
  const [secret, setSecret] = useState(() => takeSecret(name, storageKey, scope));
  useEffect(() => {
    const follow = () => setSecret(takeSecret(name, storageKey, scope));
    follow();
    // Forgotten in another tab of this device: this one lets go too.
    const fromOtherTab = (event: StorageEvent) => {
      if (event.key === storageKey && event.newValue === null && scope === 'device') {
        history.replaceState(history.state, '', fragmentWith(name, null));
        setSecret(null);
      }
    };
    window.addEventListener('hashchange', follow);
    window.addEventListener('storage', fromOtherTab);
    return () => {
      window.removeEventListener('hashchange', follow);
      window.removeEventListener('storage', fromOtherTab);
    };
  }, [name, storageKey, scope]);
  const remember = useCallback(
    (value: string | null) => {
      store(scope, storageKey, value);
      if (value === null || scope === 'device') history.replaceState(history.state, '', fragmentWith(name, value));
      setSecret(value);
    },
    [name, storageKey, scope],
  );
  return [secret, remember];
}

/** Where this device keeps the link of one meeting page (a person may hold a chair and a participant link). */
export const meetingTokenKey = (meetingId: string, page: string) => `openfloor.link.${meetingId}.${page}`;
export const ADMIN_TOKEN_KEY = 'openfloor.admin';

/** Remembers a link received another way than by opening it (a registration just made). */
export function rememberMeetingLink(meetingId: string, page: string, url: string): void {
  const token = new URLSearchParams(new URL(url, location.href).hash.slice(1)).get('token');
  if (token) store('device', meetingTokenKey(meetingId, page), token);
}

import { useEffect, useState } from 'react';

/**
 * Links carry their secret in the fragment (`#token=...`), which browsers never send to a
 * server. It is read once, kept for this tab only, and removed from the address bar so it
 * does not end up in screenshots, shared screens or bookmarks of the wrong page.
 */
function takeSecret(name: string, storageKey: string): string | null {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const fromLink = fragment.get(name);
  if (fromLink) {
    fragment.delete(name);
    const rest = fragment.toString();
    history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
    try {
      sessionStorage.setItem(storageKey, fromLink);
    } catch {
      // Without storage the secret lasts as long as the page stays open.
    }
    return fromLink;
  }
  try {
    return sessionStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

/** The secret for this page, following a new link pasted into the same tab. */
export function useFragmentSecret(name: string, storageKey: string): [string | null, (secret: string | null) => void] {
  const [secret, setSecret] = useState(() => takeSecret(name, storageKey));
  useEffect(() => {
    const follow = () => setSecret(takeSecret(name, storageKey));
    follow();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, [name, storageKey]);
  const remember = (value: string | null) => {
    try {
      if (value === null) sessionStorage.removeItem(storageKey);
      else sessionStorage.setItem(storageKey, value);
    } catch {
      // As above: the secret then lasts for this page only.
    }
    setSecret(value);
  };
  return [secret, remember];
}

export const meetingTokenKey = (meetingId: string) => `openfloor.token.${meetingId}`;
export const ADMIN_TOKEN_KEY = 'openfloor.admin';

import { useCallback, useState } from 'react';

/**
 * A choice this device keeps across reloads and meetings, read back through `parse` (which
 * answers the default for anything missing or malformed). Private browsing may refuse
 * storage: the choice then lasts for this page only.
 */
export function useRemembered<T extends object>(key: string, parse: (stored: Record<string, unknown>) => T): [T, (change: Partial<T>) => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      return parse(JSON.parse(localStorage.getItem(key) ?? '{}') as Record<string, unknown>);
    } catch {
      return parse({});
    }
  });
  const change = useCallback(
    (patch: Partial<T>) => {
      setValue((current) => {
        const next = { ...current, ...patch };
        try {
          localStorage.setItem(key, JSON.stringify(next));
        } catch {
          // See above: this page only.
        }
        return next;
      });
    },
    [key],
  );
  return [value, change];
}

import { useCallback, useState } from 'react';

/**
 * A field's value: the one in force (the page follows it, so a change saved elsewhere shows)
 * until it is edited here, then what was typed here until the value in force is that (saved,
 * from here or elsewhere). A change saved elsewhere meanwhile neither wipes the typing nor is
 * shown over it; an edit cancelled or refused stays for another try. `settle` ends the edit
 * when what was saved is not exactly what was typed (a text the server trimmed).
 */
export function useEdited<T>(saved: T): [value: T, edit: (value: T) => void, settle: () => void] {
  const [edited, setEdited] = useState<{ value: T } | null>(null);
  if (edited && Object.is(edited.value, saved)) setEdited(null);
  const edit = useCallback((value: T) => setEdited({ value }), []);
  const settle = useCallback(() => setEdited(null), []);
  return [edited ? edited.value : saved, edit, settle];
}

/**
 * A form's fields: each as in force now (the page follows it) unless changed here, so a change
 * another secretary or console saves meanwhile shows in the fields left alone and is not sent
 * back stale. `edit` changes fields (or derives the change from those already changed);
 * `settle` drops the changes once saved.
 */
export function useEditedFields<F extends object>(current: F) {
  const [edited, setEdited] = useState<Partial<F>>({});
  const edit = useCallback(
    (change: Partial<F> | ((edited: Partial<F>) => Partial<F>)) =>
      setEdited((before) => ({ ...before, ...(typeof change === 'function' ? change(before) : change) })),
    [],
  );
  const settle = useCallback(() => setEdited({}), []);
  return { fields: { ...current, ...edited } as F, edited, edit, settle };
}

import { useEffect, useRef } from 'react';

/**
 * Gives the keyboard back to `target` (the button that opened a form) when the form that had it
 * closes: closing takes away the field in focus, and the keyboard would otherwise land at the top
 * of the page. `closed()` marks the closing; the focus moves at the first render where the form is
 * gone and `ready` holds (the button left behind may wait for data on its way: the "Change" of a
 * statement just sent, whose acknowledgement can come before the statement).
 */
export function useFocusAfterClose<T extends HTMLElement>(open: boolean, ready = true) {
  const target = useRef<T>(null);
  const pending = useRef(false);
  useEffect(() => {
    if (open || !pending.current || !ready) return;
    pending.current = false;
    target.current?.focus();
  }, [open, ready]);
  const closed = () => {
    pending.current = true;
  };
  return { target, closed };
}

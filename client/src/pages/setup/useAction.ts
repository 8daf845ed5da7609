import { useCallback, useEffect, useRef, useState } from 'react';

/** A request as its caller learns of it: done with what it returned, or failed. */
export type Done<T> = { ok: true; value: T } | { ok: false };

/** What a form learns of its submission: a refusal is the form's to show, next to its fields. */
export type FormOutcome = { ok: true } | { ok: false; failure: unknown };

/**
 * Runs a page's requests one at a time, in the order they were asked for, and keeps the last
 * failure for the page to show. A request asked for while another is on its way waits for it:
 * a slow reload after one change must not swallow the next click. A request named like one
 * already waiting or running (`sameAs`, such as the command it sends) is that request: a
 * double click issues one link, not two.
 */
export function useAction(onFailure?: (failure: unknown) => void) {
  const [failure, setFailure] = useState<unknown>(null);
  const last = useRef<Promise<unknown>>(Promise.resolve());
  const pending = useRef(new Map<string, Promise<Done<unknown>>>());
  // `run` stays the same function across renders, so effects may depend on it.
  const report = useRef(onFailure);
  useEffect(() => {
    report.current = onFailure;
  }, [onFailure]);

  const run = useCallback(<T,>(work: () => Promise<T>, sameAs?: string): Promise<Done<T>> => {
    const already = sameAs === undefined ? undefined : pending.current.get(sameAs);
    if (already) return already as Promise<Done<T>>;
    const turn = last.current.then(async (): Promise<Done<T>> => {
      setFailure(null);
      try {
        return { ok: true, value: await work() };
      } catch (error) {
        setFailure(error);
        report.current?.(error);
        return { ok: false };
      } finally {
        if (sameAs !== undefined) pending.current.delete(sameAs);
      }
    });
    if (sameAs !== undefined) pending.current.set(sameAs, turn);
    last.current = turn;
    return turn;
  }, []);

  /**
   * Sends a form's change, then reloads the page whatever the answer (a refusal often means
   * the page was out of date). The refusal goes to the form, not to the page's notice.
   */
  const submit = useCallback(
    async (send: () => Promise<unknown>, reload: () => Promise<unknown>, sameAs: string): Promise<FormOutcome> => {
      const done = await run(async (): Promise<FormOutcome> => {
        try {
          await send();
          return { ok: true };
        } catch (refusal) {
          report.current?.(refusal);
          return { ok: false, failure: refusal };
        } finally {
          await reload();
        }
      }, sameAs);
      return done.ok ? done.value : { ok: false, failure: null };
    },
    [run],
  );

  return { run, submit, failure };
}

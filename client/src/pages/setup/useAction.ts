import { useCallback, useEffect, useRef, useState } from 'react';

/** Runs one request at a time and keeps its failure for the page to show. */
export function useAction(onFailure?: (failure: unknown) => void) {
  const [failure, setFailure] = useState<unknown>(null);
  const busy = useRef(false);
  // `run` stays the same function across renders, so effects may depend on it.
  const report = useRef(onFailure);
  useEffect(() => {
    report.current = onFailure;
  }, [onFailure]);

  const run = useCallback(async (work: () => Promise<unknown>): Promise<boolean> => {
    if (busy.current) return false;
    busy.current = true;
    setFailure(null);
    try {
      await work();
      return true;
    } catch (error) {
      setFailure(error);
      report.current?.(error);
      return false;
    } finally {
      busy.current = false;
    }
  }, []);

  return { run, failure };
}

/** What a form learns of its submission: a refusal is the form's to show, next to its fields. */
export type FormOutcome = { ok: true } | { ok: false; failure: unknown };

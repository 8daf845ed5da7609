/**
 * What a form's details change of the details it started from: only those keys. An edit sends
 * these alone, so what someone else changed meanwhile in other fields is not sent back stale.
 */
export function changedFields<T extends object>(before: T, after: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(after).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key as keyof T])),
  ) as Partial<T>;
}

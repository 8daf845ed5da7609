import { z } from 'zod';

/** Where in a JSON document: object keys and array indexes. */
export const PatchPath = z.array(z.union([z.string(), z.number().int().nonnegative()])).max(32);
export type PatchPath = z.infer<typeof PatchPath>;

/**
 * One change to a JSON document: set the value at a path (`v`), remove an object key (no `v`),
 * or cut an array to a length (`len`).
 */
export const PatchOp = z.union([
  z.strictObject({ p: PatchPath, len: z.number().int().nonnegative() }),
  z.strictObject({ p: PatchPath, v: z.unknown() }),
  z.strictObject({ p: PatchPath }),
]);
export type PatchOp = z.infer<typeof PatchOp>;

export const Patch = z.array(PatchOp);
export type Patch = z.infer<typeof Patch>;

type Json = unknown;

const isObject = (value: Json): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The ops that turn `before` into `after`. Unchanged parts are skipped by identity first, so a
 * state the pure transition rebuilt only along the changed path costs only that path.
 *
 * @example diff({ a: [1, 2] }, { a: [1] }) // [{ p: ['a'], len: 1 }]
 */
export function diff(before: Json, after: Json, path: PatchPath = [], ops: PatchOp[] = []): PatchOp[] {
  if (before === after) return ops;
  if (Array.isArray(before) && Array.isArray(after)) {
    const common = Math.min(before.length, after.length);
    for (let index = 0; index < common; index += 1) diff(before[index], after[index], [...path, index], ops);
    if (after.length < before.length) ops.push({ p: path, len: after.length });
    for (let index = common; index < after.length; index += 1) ops.push({ p: [...path, index], v: after[index] });
    return ops;
  }
  if (isObject(before) && isObject(after)) {
    for (const key of Object.keys(before)) if (!Object.hasOwn(after, key)) ops.push({ p: [...path, key] });
    for (const key of Object.keys(after)) {
      if (!Object.hasOwn(before, key)) ops.push({ p: [...path, key], v: after[key] });
      else diff(before[key], after[key], [...path, key], ops);
    }
    return ops;
  }
  if (before !== after) ops.push({ p: path, v: after });
  return ops;
}

/**
 * Whether `diff(before, after)` would be empty, stopping at the first difference: what every
 * command's transition asks (did anything change?), so it must cost little when something did.
 */
export function sameJson(before: Json, after: Json): boolean {
  if (before === after) return true;
  if (Array.isArray(before) && Array.isArray(after)) {
    return before.length === after.length && before.every((item, index) => sameJson(item, after[index]));
  }
  if (isObject(before) && isObject(after)) {
    const keys = Object.keys(after);
    return Object.keys(before).length === keys.length && keys.every((key) => Object.hasOwn(before, key) && sameJson(before[key], after[key]));
  }
  return false;
}

/** Sets a property as data, whatever its name (`__proto__` included: a key is only a key). */
function put(container: Record<string | number, Json>, key: string | number, value: Json): void {
  Object.defineProperty(container, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * `document` with `ops` applied; never changes its input (containers along each path are
 * copied once per patch, everything else is shared). Throws when an op does not fit the
 * document: the copy that received it differs from the one the server diffed, and must start
 * again from a snapshot.
 */
export function applyPatch<T>(document: T, ops: readonly PatchOp[]): T {
  // Containers copied by this call: changed in place by the ops after the one that copied them.
  const fresh = new WeakSet<object>();
  const own = (value: Json): Record<string | number, Json> => {
    if (typeof value !== 'object' || value === null) throw new Error('patch: path goes through a value that is not a container');
    if (fresh.has(value)) return value as Record<string | number, Json>;
    const copied = (Array.isArray(value) ? [...value] : { ...value }) as Record<string | number, Json>;
    fresh.add(copied);
    return copied;
  };
  let root: Json = document;
  for (const op of ops) {
    if (op.p.length === 0) {
      if ('v' in op) root = op.v;
      else if ('len' in op && Array.isArray(root)) {
        const cut = own(root) as unknown as Json[];
        cut.length = op.len;
        root = cut;
      } else throw new Error('patch: cannot remove the root');
      continue;
    }
    const next = own(root);
    let parent = next;
    for (let depth = 0; depth < op.p.length - 1; depth += 1) {
      const key = op.p[depth]!;
      const child = own(parent[key]);
      put(parent, key, child);
      parent = child;
    }
    const last = op.p[op.p.length - 1]!;
    if ('len' in op) {
      const target = own(parent[last]);
      if (!Array.isArray(target)) throw new Error('patch: len on something that is not an array');
      target.length = op.len;
      put(parent, last, target);
    } else if ('v' in op) {
      if (Array.isArray(parent) && (typeof last !== 'number' || last > parent.length)) throw new Error('patch: index out of range');
      put(parent, last, op.v);
    } else {
      if (Array.isArray(parent)) throw new Error('patch: cannot remove an array element by key');
      delete parent[last];
    }
    root = next;
  }
  return root as T;
}

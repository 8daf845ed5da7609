/**
 * The right to run work that must run once however many nodes serve the meetings: LiveKit's
 * reconciliation, the StreamText pulls. One node holds it at a time; when that node dies, or
 * loses its database connection, another takes it within a few seconds. Work that a lost lease
 * may let run twice for that moment must be harmless when doubled (the reconciliation sets what
 * is already set; a pull is deduplicated by StreamText's position).
 */
export interface WorkLease {
  /** Whether this node runs the work now. */
  readonly held: boolean;
  /** Told each time this node takes the lease or loses it. */
  onChange(listener: (held: boolean) => void): () => void;
  close(): Promise<void>;
}

/** One node alone: it always runs the work. */
export const soleNodeLease: WorkLease = {
  held: true,
  onChange: () => () => {},
  close: async () => {},
};

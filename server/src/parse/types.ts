/**
 * Shared vocabulary of the engine: paths into a resource, text positions, and the identity of a
 * Kubernetes resource. Everything here is plain data so that rules, the schema validator, the
 * CLI and the language server can exchange it without importing each other.
 */

/** A path from a resource's root, e.g. ['spec', 'http', 0, 'route', 1, 'weight']. */
export type Path = readonly (string | number)[];

/** A zero-based line and UTF-16 column, as LSP counts them. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

/** A half-open text range. */
export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** What a finding on a path points at: the mapping key that names it, or the value itself. */
export type PathTarget = 'key' | 'value';

/**
 * Who a document is. Fields are exactly as written in the YAML (null when absent or not a
 * string), so the CLI's JSON can report `namespace` as written rather than defaulted.
 */
export interface ResourceIdentity {
  readonly apiVersion: string | null;
  readonly kind: string | null;
  readonly namespace: string | null;
  readonly name: string | null;
}

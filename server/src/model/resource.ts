/**
 * A resource as rules see it: identity (namespace defaulted), the plain value, and where it came
 * from. Rules never see text offsets; they report paths against a resource's key.
 */
import type { ResourceIdentity } from '../parse/types';
import type { Kind } from './kinds';

/** Stable identity of one object in the index: `file#documentIndex` or `cluster:<kind>/<ns>/<name>`. */
export type ResourceKey = string;

/** Where a resource was read from. */
export type Origin =
  | { readonly type: 'file'; readonly file: string; readonly documentIndex: number }
  | { readonly type: 'cluster'; readonly context: string };

export interface Resource {
  readonly key: ResourceKey;
  readonly kind: Kind;
  readonly apiVersion: string;
  readonly name: string;
  /** The namespace in force: as written, else the default namespace (cluster-scoped kinds: ''). */
  readonly namespace: string;
  /** Identity exactly as written in the YAML (namespace null when absent). */
  readonly written: ResourceIdentity;
  readonly value: Readonly<Record<string, unknown>>;
  readonly origin: Origin;
}

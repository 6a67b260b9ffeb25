/**
 * What the ajv-error-to-finding files share (errors.ts, errors-keywords.ts, errors-presence.ts):
 * ajv's error type, the context findings are collected in while one document's errors are
 * collapsed, and the small phrasing helpers every message uses.
 *
 * Targets: a container's problem points at its key (the value when it is the document root), so
 * the squiggle lands on the field the user wrote rather than on a whole block.
 */
import type { ErrorObject } from 'ajv';
import type { Fix, PathFinding } from '../findings/finding';
import type { Path, PathTarget } from '../parse/types';
import { finding, type SchemaCodeKey } from './codes';
import { displayPath } from './paths';

export type AjvError = ErrorObject<string, Record<string, any>, unknown>;
export type SchemaNode = Record<string, any>;

/** One document's collapse: the document, its root schema, and the findings so far. */
export interface Ctx {
  readonly doc: unknown;
  readonly rootSchema: SchemaNode;
  readonly out: PathFinding[];
  /** `${instancePath}\u0000${field}` for every unknown field whose did-you-mean names `field`. */
  readonly renames: Set<string>;
}

/** Records a finding; collapseErrors() drops duplicates at the end. */
export function add(ctx: Ctx, key: SchemaCodeKey, message: string, path: Path, target: PathTarget, fixes?: readonly Fix[]): void {
  ctx.out.push(finding(key, message, path, target, fixes));
}

/** The key target for a container at `path`, or the value target at the root. */
export function objectTarget(path: Path): PathTarget {
  return path.length === 0 ? 'value' : 'key';
}

export function where(path: Path): string {
  return path.length === 0 ? 'at the top level' : `in ${displayPath(path)}`;
}

export const TYPE_PHRASES: Readonly<Record<string, string>> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean (true or false)',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

export function typePhrase(t: unknown): string {
  const list = (Array.isArray(t) ? t : String(t).split(',')).filter((x) => x !== 'null');
  return list.map((x) => TYPE_PHRASES[x] ?? x).join(' or ');
}

export function isPresent(obj: unknown, key: string): boolean {
  return obj !== null && typeof obj === 'object' && !Array.isArray(obj) && (obj as Record<string, unknown>)[key] !== undefined && (obj as Record<string, unknown>)[key] !== null;
}

/**
 * ObjectMeta rules and the small request options every write shares.
 *
 * Names: most kinds need a DNS subdomain (lowercase, digits, '-', '.', at most 253 characters);
 * Namespaces and Services need a DNS label (no dots, at most 63). `generateName` gets five random
 * characters from the API server's alphabet (no vowels, no confusable digits). Label keys and
 * values, annotation keys and the total annotation size are checked as the API server checks them.
 *
 * Write options: `dryRun` (only `All`), `fieldValidation` (Strict, Warn — the default — or Ignore)
 * and the field manager, which is `fieldManager` when given and otherwise the part of the client's
 * User-Agent before the first '/', as the API server derives it.
 */
import { randomInt } from 'node:crypto';
import { labelKeyProblem, labelValueProblem } from './selectors';
import type { ResourceType } from './resources';
import { badRequest, type StatusCause } from './status';
import { isMap, type JsonMap, type KubeObject } from './types';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAMED = new Set(['Namespace', 'Service']);

/** Why a name is not valid for a kind, or undefined. */
export function nameProblem(name: string, kind: string): string | undefined {
  if (LABEL_NAMED.has(kind)) {
    if (name.length > 63 || !DNS_LABEL.test(name)) {
      return 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', start and end with an alphanumeric character, and be at most 63 characters';
    }
    return undefined;
  }
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    return 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', start and end with an alphanumeric character, and be at most 253 characters';
  }
  return undefined;
}

const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** `prefix` plus five random characters. */
export function generatedName(prefix: string): string {
  let out = prefix.length > 58 ? prefix.slice(0, 58) : prefix;
  for (let i = 0; i < 5; i++) out += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
  return out;
}

/** Causes for invalid metadata (name, labels, annotations, finalizers). */
export function metadataCauses(obj: KubeObject, rt: ResourceType): StatusCause[] {
  const causes: StatusCause[] = [];
  const meta = obj.metadata;
  const name = meta.name ?? '';
  if (!name) {
    causes.push({ reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' });
  } else {
    const problem = nameProblem(name, rt.kind);
    if (problem) causes.push({ reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: ${JSON.stringify(name)}: ${problem}` });
  }
  for (const [k, v] of Object.entries(meta.labels ?? {})) {
    const kp = labelKeyProblem(k);
    if (kp) causes.push({ reason: 'FieldValueInvalid', field: 'metadata.labels', message: `Invalid value: ${JSON.stringify(k)}: ${kp}` });
    const vp = typeof v === 'string' ? labelValueProblem(v) : 'must be a string';
    if (vp) causes.push({ reason: 'FieldValueInvalid', field: `metadata.labels`, message: `Invalid value: ${JSON.stringify(v)}: ${vp}` });
  }
  let size = 0;
  for (const [k, v] of Object.entries(meta.annotations ?? {})) {
    const kp = labelKeyProblem(k);
    if (kp) causes.push({ reason: 'FieldValueInvalid', field: 'metadata.annotations', message: `Invalid value: ${JSON.stringify(k)}: ${kp}` });
    size += k.length + String(v).length;
  }
  if (size > 256 * 1024) {
    causes.push({ reason: 'FieldValueTooLong', field: 'metadata.annotations', message: 'Too long: must have at most 262144 bytes' });
  }
  for (const [i, f] of (meta.finalizers ?? []).entries()) {
    const kp = typeof f === 'string' ? labelKeyProblem(f) : 'must be a string';
    if (kp) causes.push({ reason: 'FieldValueInvalid', field: `metadata.finalizers[${i}]`, message: `Invalid value: ${JSON.stringify(f)}: ${kp}` });
  }
  return causes;
}

/** The object without metadata and status: what a generation bump compares. */
export function specPart(obj: JsonMap): JsonMap {
  const out: JsonMap = {};
  for (const [k, v] of Object.entries(obj)) if (k !== 'metadata' && k !== 'status' && k !== 'apiVersion' && k !== 'kind') out[k] = v;
  return out;
}

/** How unknown fields are reported. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export function fieldValidation(query: URLSearchParams): FieldValidation {
  const v = query.get('fieldValidation');
  if (v === null || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw badRequest(`fieldValidation must be one of "Ignore", "Warn" or "Strict", not ${JSON.stringify(v)}`);
}

/** Whether a write is a dry run. `dryRun` may come from the query or a DeleteOptions body. */
export function isDryRun(query: URLSearchParams, body?: JsonMap): boolean {
  const values = [...query.getAll('dryRun')];
  if (body && Array.isArray(body.dryRun)) values.push(...body.dryRun.map(String));
  for (const v of values) if (v !== 'All') throw badRequest(`dryRun may only be "All", not ${JSON.stringify(v)}`);
  return values.length > 0;
}

/** The field manager of a write. */
export function fieldManager(query: URLSearchParams, userAgent: string | undefined): string {
  const given = query.get('fieldManager');
  if (given !== null) {
    if (given.length > 128) throw badRequest('fieldManager must be at most 128 characters');
    return given;
  }
  const prefix = (userAgent ?? '').split('/')[0].trim();
  return prefix || 'unknown';
}

/** Reads a string map member of metadata defensively (a client may send anything). */
export function stringMap(value: unknown): Record<string, string> | undefined {
  return isMap(value) ? (value as Record<string, string>) : undefined;
}

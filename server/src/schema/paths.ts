/**
 * Paths inside a document, in the three spellings the schema validator meets:
 *   - ajv's JSON Pointer `instancePath` ("/spec/http/0/route"), turned into a `Path` with numbers
 *     for array indices by walking the document (a pointer alone cannot tell "0" the key from 0
 *     the index);
 *   - `Path` arrays (['spec', 'http', 0]), what findings carry;
 *   - the API server's display form (spec.http[0].route, metadata.labels['app.kubernetes.io/name'])
 *     used inside messages, so a message names the field the way kubectl would.
 */
import type { Path } from '../parse/types';

function decodeSegment(s: string): string {
  return s.includes('~') ? s.replace(/~1/g, '/').replace(/~0/g, '~') : s;
}

/** Converts an ajv instancePath into a Path, using `root` to tell array indices from keys. */
export function pointerToPath(pointer: string, root: unknown): (string | number)[] {
  if (pointer === '') return [];
  const out: (string | number)[] = [];
  let cur: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = decodeSegment(raw);
    if (Array.isArray(cur)) {
      const i = Number(seg);
      out.push(i);
      cur = cur[i];
    } else {
      out.push(seg);
      cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

/** The value at `path`, or undefined. */
export function valueAt(root: unknown, path: Path): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

/** `spec.http[0].route`, with bracket-quoting for keys that are not plain identifiers. */
export function displayPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(seg)) out += out === '' ? seg : '.' + seg;
    else out += `['${seg.replace(/'/g, "\\'")}']`;
  }
  return out === '' ? '(root)' : out;
}

/** Short rendering of a value for messages: strings quoted, long values cut. */
export function displayValue(v: unknown): string {
  let s: string;
  if (typeof v === 'string') s = JSON.stringify(v);
  else if (v === undefined) s = 'nothing';
  else if (Array.isArray(v)) s = 'a list';
  else if (v !== null && typeof v === 'object') s = 'an object';
  else s = String(v);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

/** The JSON-ish type name of a value, as messages say it. */
export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Whether a finding about the value at `path` should underline its key rather than its value. */
export function isContainer(v: unknown): boolean {
  return v !== null && typeof v === 'object';
}

/**
 * Corrupted answers: a response body, or the first line of a watch stream, mangled the way a
 * broken proxy, a buggy aggregated API server or a cut connection would mangle it.
 *
 *   faults.ts decides which request is corrupted and how (a countdown rule, like the others);
 *   http.ts hands the response to `corruptResponse`, which rewrites what the handler writes:
 *     a plain answer   its JSON body (2xx answers only; error Statuses pass unchanged)
 *     a watch          its first line (an event or a bookmark), then the stream goes on
 *
 * Body corruptions apply to every JSON document: a list, a discovery document, an object. The
 * "item" ones change the first record of the document's first array (a list's `items`, /apis'
 * `groups`, an APIResourceList's `resources`) and leave a document without one unchanged.
 * `HARMLESS` names the corruptions that keep the content intact, which a client may accept.
 */
import type { ServerResponse } from 'node:http';

/** How a plain (non-watch) answer's body is mangled. */
export type BodyCorruption =
  | 'invalid-json' // not JSON at all
  | 'truncated-body' // the first part of the JSON only (the response itself ends cleanly)
  | 'html-body' // an HTML page served as text/html, as a login proxy answers
  | 'wrong-content-type' // the right JSON, labelled text/plain (harmless)
  | 'not-an-object' // valid JSON that is not an object: an array, a number, null
  | 'huge-string' // valid JSON: one string of several megabytes
  | 'array-not-array' // the first array field (items, groups, resources) is an object
  | 'array-null-entry' // the first array field starts with null
  | 'item-without-metadata' // the first record loses metadata (or, in discovery, its name)
  | 'item-name-number' // the first record's name is a number
  | 'item-kind-missing' // kind removed from the document and its first record (harmless)
  | 'list-rv-missing' // metadata.resourceVersion removed from the document
  | 'list-rv-garbage' // metadata.resourceVersion is a string no server issued
  | 'huge-name'; // the first record's name is 300,000 characters long

/** How the first line of a watch stream is mangled. */
export type StreamCorruption =
  | 'garbage-line' // not JSON
  | 'truncated-line' // the first half of the line, then a newline
  | 'truncated-stream' // the first half of the line, then the stream ends
  | 'unknown-type' // the event's type is one the API does not have
  | 'event-not-object' // the event is an array
  | 'object-not-object' // the event's object is a string
  | 'error-not-status' // an ERROR event whose object is not a Status
  | 'nameless-object' // the event's object has no metadata.name
  | 'event-rv-wrong-type' // the event's object has a numeric resourceVersion
  | 'huge-line'; // the event's object has a name of 4 MB

export type Corruption = BodyCorruption | StreamCorruption;

export const BODY_CORRUPTIONS: readonly BodyCorruption[] = [
  'invalid-json', 'truncated-body', 'html-body', 'wrong-content-type', 'not-an-object', 'huge-string', 'array-not-array',
  'array-null-entry', 'item-without-metadata', 'item-name-number', 'item-kind-missing', 'list-rv-missing', 'list-rv-garbage', 'huge-name',
];

export const STREAM_CORRUPTIONS: readonly StreamCorruption[] = [
  'garbage-line', 'truncated-line', 'truncated-stream', 'unknown-type', 'event-not-object', 'object-not-object',
  'error-not-status', 'nameless-object', 'event-rv-wrong-type', 'huge-line',
];

/** Corruptions that leave what the client needs intact: accepting them is right. */
export const HARMLESS: ReadonlySet<Corruption> = new Set<Corruption>(['wrong-content-type', 'item-kind-missing']);

export function isStreamCorruption(kind: Corruption): kind is StreamCorruption {
  return (STREAM_CORRUPTIONS as readonly string[]).includes(kind);
}

/** A corruption actually applied to a response (for assertions and reports). */
export interface AppliedCorruption {
  readonly kind: Corruption;
  readonly url: string;
}

type Json = Record<string, unknown>;

function isMap(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The document's first array-valued field, e.g. `items`. */
function firstArrayKey(doc: Json): string | undefined {
  return Object.keys(doc).find((k) => Array.isArray(doc[k]));
}

/** Changes the first record of the document's first array, if there is one. */
function editFirstRecord(doc: Json, edit: (record: Json) => void): void {
  const key = firstArrayKey(doc);
  const first = key === undefined ? undefined : (doc[key] as unknown[])[0];
  if (isMap(first)) edit(first);
}

/** The first record's identity: metadata.name for objects, name for discovery entries. */
function setName(record: Json, value: unknown): void {
  if (isMap(record['metadata'])) record['metadata']['name'] = value;
  else record['name'] = value;
}

/** Mangles a JSON body; returns the new text and, when it changes, the new Content-Type. */
export function corruptBody(kind: BodyCorruption, text: string): { text: string; contentType?: string } {
  switch (kind) {
    case 'invalid-json':
      return { text: `{"kind": "List", items: [${text.slice(0, 20)}` };
    case 'truncated-body':
      return { text: text.slice(0, Math.max(1, Math.floor(text.length / 2))) };
    case 'html-body':
      return { text: '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Please sign in to continue.</body></html>\n', contentType: 'text/html; charset=utf-8' };
    case 'wrong-content-type':
      return { text, contentType: 'text/plain; charset=utf-8' };
    case 'not-an-object':
      return { text: text.length % 3 === 0 ? '[]' : text.length % 3 === 1 ? '42' : 'null' };
    case 'huge-string':
      return { text: JSON.stringify('x'.repeat(4 * 1024 * 1024)) };
    default:
      break;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { text };
  }
  if (!isMap(doc)) return { text };
  switch (kind) {
    case 'array-not-array': {
      const key = firstArrayKey(doc);
      if (key !== undefined) doc[key] = { first: (doc[key] as unknown[])[0] ?? null };
      break;
    }
    case 'array-null-entry': {
      const key = firstArrayKey(doc);
      if (key !== undefined) (doc[key] as unknown[]).unshift(null);
      break;
    }
    case 'item-without-metadata':
      editFirstRecord(doc, (r) => {
        if ('metadata' in r) delete r['metadata'];
        else delete r['name'];
      });
      break;
    case 'item-name-number':
      editFirstRecord(doc, (r) => setName(r, 42));
      break;
    case 'item-kind-missing':
      delete doc['kind'];
      editFirstRecord(doc, (r) => {
        if ('metadata' in r) delete r['kind'];
      });
      break;
    case 'list-rv-missing':
      if (isMap(doc['metadata'])) delete doc['metadata']['resourceVersion'];
      break;
    case 'list-rv-garbage':
      if (isMap(doc['metadata'])) doc['metadata']['resourceVersion'] = 'not-a-resource-version';
      break;
    case 'huge-name':
      editFirstRecord(doc, (r) => setName(r, 'x'.repeat(300_000)));
      break;
  }
  return { text: JSON.stringify(doc) };
}

/** Mangles one watch line (with its newline); `end`: stop the stream after it. */
export function corruptLine(kind: StreamCorruption, line: string): { text: string; end?: boolean } {
  const half = line.slice(0, Math.max(1, Math.floor(line.trimEnd().length / 2)));
  let event: Json = {};
  try {
    const parsed: unknown = JSON.parse(line);
    if (isMap(parsed)) event = parsed;
  } catch {
    // Not an event: the structural corruptions below start from an empty one.
  }
  const object = isMap(event['object']) ? { ...event['object'] } : {};
  const metadata = isMap(object['metadata']) ? { ...object['metadata'] } : {};
  const out = (e: unknown): { text: string } => ({ text: `${JSON.stringify(e)}\n` });
  switch (kind) {
    case 'garbage-line':
      return { text: 'HTTP/1.1 502 Bad Gateway <html>upstream closed</html>\n' };
    case 'truncated-line':
      return { text: `${half}\n` };
    case 'truncated-stream':
      return { text: half, end: true };
    case 'unknown-type':
      return out({ ...event, type: 'MUTATED' });
    case 'event-not-object':
      return out([event['type'] ?? 'ADDED', object]);
    case 'object-not-object':
      return out({ ...event, object: 'this is not an object' });
    case 'error-not-status':
      return out({ type: 'ERROR', object: { message: 'something went wrong', items: [1, 2, 3] } });
    case 'nameless-object': {
      delete metadata['name'];
      return out({ ...event, object: { ...object, metadata } });
    }
    case 'event-rv-wrong-type':
      return out({ ...event, object: { ...object, metadata: { ...metadata, resourceVersion: 12345 } } });
    case 'huge-line':
      return out({ ...event, object: { ...object, metadata: { ...metadata, name: 'y'.repeat(4 * 1024 * 1024) } } });
  }
}

/**
 * Rewrites what the handler writes to `res`: the body of a 2xx plain answer, or the first line of
 * a watch stream. `applied` is called once the corruption has actually been written.
 */
export function corruptResponse(res: ServerResponse, kind: Corruption, applied: () => void): void {
  if (isStreamCorruption(kind)) corruptStream(res, kind, applied);
  else corruptPlain(res, kind, applied);
}

function corruptPlain(res: ServerResponse, kind: BodyCorruption, applied: () => void): void {
  const writeHead = res.writeHead.bind(res) as (code: number, headers?: Record<string, unknown>) => ServerResponse;
  const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
  let code = 200;
  let headers: Record<string, unknown> = {};
  let held = false;
  res.writeHead = ((c: number, h?: Record<string, unknown>) => {
    code = c;
    headers = { ...(h ?? {}) };
    held = true;
    return res;
  }) as typeof res.writeHead;
  res.end = ((chunk?: unknown) => {
    res.writeHead = writeHead as typeof res.writeHead;
    res.end = end as typeof res.end;
    if (!held) return end(chunk);
    if (code < 200 || code >= 300 || typeof chunk !== 'string') {
      writeHead(code, headers);
      return end(chunk);
    }
    const mangled = corruptBody(kind, chunk);
    const next: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(headers)) {
      const lower = k.toLowerCase();
      if (lower === 'content-length' || (lower === 'content-type' && mangled.contentType)) continue;
      next[k] = v;
    }
    if (mangled.contentType) next['Content-Type'] = mangled.contentType;
    next['Content-Length'] = Buffer.byteLength(mangled.text);
    writeHead(code, next);
    applied();
    return end(mangled.text);
  }) as typeof res.end;
}

function corruptStream(res: ServerResponse, kind: StreamCorruption, applied: () => void): void {
  const write = res.write.bind(res) as (chunk: string) => boolean;
  const end = res.end.bind(res) as () => ServerResponse;
  let done = false;
  let ended = false;
  res.write = ((chunk: unknown) => {
    // After a truncated stream the watch may still try to write until it notices the close.
    if (ended) return true;
    if (done || typeof chunk !== 'string') return write(chunk as string);
    done = true;
    const mangled = corruptLine(kind, chunk);
    applied();
    const ok = write(mangled.text);
    if (mangled.end) {
      ended = true;
      end();
    }
    return ok;
  }) as typeof res.write;
  res.end = ((...args: unknown[]) => {
    if (ended) return res;
    ended = true;
    return (end as (...a: unknown[]) => ServerResponse)(...args);
  }) as typeof res.end;
}

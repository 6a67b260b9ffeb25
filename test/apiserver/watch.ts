/**
 * WATCH: a chunked stream of newline-delimited JSON events.
 *
 * Each line is `{"type":"ADDED"|"MODIFIED"|"DELETED"|"BOOKMARK"|"ERROR","object":{...}}`.
 *   - Without resourceVersion (or with "0") the stream starts with an ADDED event for every
 *     selected object, then follows changes. With resourceVersion=N it replays the retained events
 *     after N, then follows changes; if N was compacted away the stream carries one ERROR event
 *     holding a 410 Expired Status and ends, which is the signal for a client to re-list.
 *   - `sendInitialEvents=true` (with resourceVersionMatch=NotOlderThan and allowWatchBookmarks)
 *     sends the current state as ADDED events followed by a BOOKMARK annotated
 *     `k8s.io/initial-events-end: "true"`, the streaming-list protocol.
 *   - With `allowWatchBookmarks=true` a BOOKMARK (an object of the watched kind carrying only
 *     metadata.resourceVersion, the current revision) is sent every `bookmarkIntervalMs`.
 *   - `timeoutSeconds` ends the stream cleanly after that long.
 *   - Label and field selectors apply to both the old and the new state of a change: an object
 *     that starts matching arrives as ADDED, one that stops matching leaves as DELETED (with its
 *     last matching content and the new resourceVersion), as the API server's watch cache does.
 * Events are encoded once per (event, type, version, format) and shared among watchers. A watcher
 * that does not read (its socket buffer grows past `watchBufferBytes`) is disconnected, as a real
 * server drops slow watchers. `controls.dropWatches()` ends streams from the test's side.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { outputFormat, selected, selection, type Selection } from './reads';
import { groupVersion } from './resources';
import { ApiError, badRequest, invalid, resourceVersionTooLarge } from './status';
import type { StoreEvent } from './store';
import { toTable } from './table';
import type { Ctx, OpenWatch } from './state';
import type { JsonMap, KubeObject } from './types';

function flag(value: string | null): boolean {
  return value === 'true' || value === '1';
}

/** Validates the watch parameters; errors here are ordinary HTTP error responses. */
function parameters(ctx: Ctx): { rv?: number; sendInitial: boolean; bookmarks: boolean; timeoutMs?: number } {
  const q = ctx.query;
  const rvText = q.get('resourceVersion') ?? '';
  const match = q.get('resourceVersionMatch') ?? '';
  const bookmarks = flag(q.get('allowWatchBookmarks'));
  const sendInitial = flag(q.get('sendInitialEvents'));
  if (q.get('sendInitialEvents') !== null && sendInitial && (match !== 'NotOlderThan' || !bookmarks)) {
    throw invalid('ListOptions', 'meta.k8s.io', '', [
      { reason: 'FieldValueForbidden', field: 'sendInitialEvents', message: 'Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan and allowWatchBookmarks to true' },
    ]);
  }
  if (match && q.get('sendInitialEvents') === null) {
    throw invalid('ListOptions', 'meta.k8s.io', '', [
      { reason: 'FieldValueForbidden', field: 'resourceVersionMatch', message: 'Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided' },
    ]);
  }
  let rv: number | undefined;
  if (rvText !== '' && rvText !== '0') {
    if (!/^\d+$/.test(rvText)) throw badRequest(`resourceVersion must be an integer, not ${JSON.stringify(rvText)}`);
    rv = Number(rvText);
    const current = ctx.api.store.currentRv();
    if (rv > current) throw resourceVersionTooLarge(rv, current);
  }
  const timeoutText = q.get('timeoutSeconds');
  let timeoutMs: number | undefined;
  if (timeoutText !== null && timeoutText !== '') {
    const t = Number(timeoutText);
    if (!Number.isFinite(t) || t < 0) throw badRequest(`timeoutSeconds must be a non-negative number, not ${JSON.stringify(timeoutText)}`);
    if (t > 0) timeoutMs = t * 1000;
  }
  return { rv, sendInitial, bookmarks, timeoutMs };
}

/** Turns a store event into the event this watcher sees, or undefined if it sees none. */
function view(e: StoreEvent, sel: Selection): { type: string; object: KubeObject; shared: boolean } | undefined {
  const now = selected(sel, e.object);
  if (e.type === 'ADDED') return now ? { type: 'ADDED', object: e.object, shared: true } : undefined;
  if (e.type === 'DELETED') return now ? { type: 'DELETED', object: e.object, shared: true } : undefined;
  const before = e.prev !== undefined && selected(sel, e.prev);
  if (now && before) return { type: 'MODIFIED', object: e.object, shared: true };
  if (now) return { type: 'ADDED', object: e.object, shared: true };
  if (before) {
    const last = { ...e.prev!, metadata: { ...e.prev!.metadata, resourceVersion: String(e.rv) } };
    return { type: 'DELETED', object: last, shared: false };
  }
  return undefined;
}

/** Serves a watch request on `res`. */
export function watch(ctx: Ctx, req: IncomingMessage, res: ServerResponse): void {
  const { api, rt } = ctx;
  const store = api.store;
  const sel = selection(ctx);
  const format = outputFormat(ctx);
  const p = parameters(ctx);
  const formatKey = format.as === 'Table' ? `table/${format.version}/${format.includeObject}` : format.as;

  const encodeObject = (obj: KubeObject): unknown => {
    const v = api.versioned(obj, rt);
    if (format.as === 'Table') {
      return { ...toTable(rt, [v], { includeObject: format.includeObject, resourceVersion: v.metadata.resourceVersion ?? '' }), apiVersion: `meta.k8s.io/${format.version}` };
    }
    if (format.as === 'PartialObjectMetadata') return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${format.version}`, metadata: v.metadata };
    return v;
  };
  const line = (type: string, object: unknown): string => `${JSON.stringify({ type, object })}\n`;

  let closed = false;
  const timers: NodeJS.Timeout[] = [];
  let unsubscribe: (() => void) | undefined;
  const handle: OpenWatch = { storageKey: rt.storageKey, url: req.url ?? '', user: ctx.user, close: () => finish() };
  const finish = (): void => {
    if (closed) return;
    closed = true;
    for (const t of timers) clearTimeout(t);
    unsubscribe?.();
    api.watches.delete(handle);
    if (!res.writableEnded) res.end();
  };
  const send = (text: string): void => {
    if (closed) return;
    res.write(text);
    // A consumer that stops reading is cut off rather than buffered without bound.
    if (res.writableLength > api.options.watchBufferBytes) {
      closed = true;
      for (const t of timers) clearTimeout(t);
      unsubscribe?.();
      api.watches.delete(handle);
      res.destroy();
    }
  };
  const deliver = (e: StoreEvent): void => {
    const seen = view(e, sel);
    if (!seen) return;
    if (!seen.shared) {
      send(line(seen.type, encodeObject(seen.object)));
      return;
    }
    const cacheKey = `${seen.type}|${rt.version}|${formatKey}`;
    e.encoded ??= new Map();
    let text = e.encoded.get(cacheKey);
    if (text === undefined) {
      text = line(seen.type, encodeObject(seen.object));
      e.encoded.set(cacheKey, text);
    }
    send(text);
  };
  const bookmark = (initialEnd: boolean): void => {
    const metadata: JsonMap = { resourceVersion: String(store.currentRv()) };
    if (initialEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
    send(line('BOOKMARK', { kind: rt.kind, apiVersion: groupVersion(rt.group, rt.version), metadata }));
  };

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();

  // Everything from here to subscribe runs synchronously, so no event can slip between the
  // initial state (or replay) and the live stream.
  let replay: StoreEvent[] = [];
  let initial: KubeObject[] = [];
  try {
    if (p.rv === undefined || p.sendInitial) initial = store.list(rt.storageKey, sel.namespace).filter((o) => selected(sel, o));
    else replay = store.eventsSince(rt.storageKey, p.rv);
  } catch (err) {
    if (err instanceof ApiError) {
      send(line('ERROR', err.status));
      finish();
      return;
    }
    throw err;
  }
  unsubscribe = store.subscribe(rt.storageKey, { deliver });
  api.watches.add(handle);
  for (const obj of initial) send(line('ADDED', encodeObject(obj)));
  if (p.sendInitial) bookmark(true);
  for (const e of replay) deliver(e);

  if (p.bookmarks) {
    // One timer, re-armed after each bookmark, so the interval can change while the watch is open.
    const tick = (): void => {
      if (closed) return;
      bookmark(false);
      timers[0] = setTimeout(tick, api.bookmarkIntervalMs);
    };
    timers[0] = setTimeout(tick, api.bookmarkIntervalMs);
  }
  if (p.timeoutMs !== undefined) timers.push(setTimeout(finish, p.timeoutMs));
  // 'close' on the response fires when the client goes away (or the stream is ended here).
  res.on('close', finish);
}


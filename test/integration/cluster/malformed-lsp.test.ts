/**
 * The real language server, over LSP, while its live cluster answers garbage (issue 7,
 * robustness). One server process lives through the whole property, as in an editor session;
 * each seeded case plays a random schedule against it and the API test server:
 *
 *   corrupt   a countdown (or, now and then, lasting) corruption rule on GET requests: Services
 *             lists and watches, any list, any watch, discovery documents, CRD reads; one named
 *             corruption or a seeded random pick per request (test/apiserver/corrupt.ts)
 *   service   the Service the open document routes to is created or deleted in the cluster, so
 *             the cluster's finding (IST0101, unknown host) should appear or disappear
 *   other     a VirtualService of the cluster's own (no file has it) comes or goes: a second
 *             kind with events, so that two watches can meet garbage at once
 *   drop      open watches are ended; compact: the event history is dropped (resuming gets 410)
 *   edit      an incremental didChange of the open document (a comment line added or removed,
 *             the value of a misspelt field retyped), with a hover or completion request sent
 *             right behind it, timed until its answer
 *   pause     a short wait, so that the rest interleaves with the server's retries
 *
 * Invariants:
 *   - every request is answered within 1 s, with a result or the front's ServerCancelled
 *     (-32802); any other error (say an internal error from a handler that threw) fails the case;
 *   - no collection is asked for more than MAX_TRIES times in a case (plus what the case's dropped
 *     watches and histories cost): garbage is retried with backoff, not in a loop;
 *   - after restore(), within 10 s: the latest cluster status says "synced", and the open
 *     document's diagnostics, for the version last sent, equal the reference's (below);
 *   - at every case's end: the process is alive, its stderr holds no stack trace, no
 *     window/logMessage of type Error was sent, and no meshLifecycle/status said "error".
 *
 * The expected diagnostics. A second language server (the reference) runs against a second API
 * server (the mirror) that never answers garbage. At each case's end the mirror is given the
 * cluster's real state (the Service there or not) and the reference the document's final text;
 * once its diagnostics carry IST0101 exactly when the Service is absent, they are what a clean
 * run says for that text and that cluster. A long-lived reference costs one edit and at most one
 * Service write per case, where a fresh process per case would cost a start and a full sync
 * (seconds) each; the edits keep the YAML valid, so the IST0101 rule (present iff the Service is
 * absent) holds for every text and checks the reference itself. After the property, a fresh
 * server process started against the (restored) cluster is compared once more with the
 * long-lived one: a clean run in the literal sense.
 *
 * MALFORMED_LSP_CASES sets the number of cases (default 40), MALFORMED_LSP_SEED the seed.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import type { ClusterStatusParams } from '../../../server/src/protocol';
import { BODY_CORRUPTIONS, startApiServer, STREAM_CORRUPTIONS, type ApiServer, type Corruption, type KubeObject, type RequestMatch } from '../../apiserver/index';
import { within } from '../../support/cluster-harness';
import { startWorkspaceServer, type WorkspaceClient } from '../../support/lspWorkspace';

const CASES = Number(process.env['MALFORMED_LSP_CASES'] ?? 40);
const SEED = Number(process.env['MALFORMED_LSP_SEED'] ?? 20_261_127);
const ANSWER_MS = 1000;
const CONVERGE_MS = 10_000;
const SERVER_CANCELLED = -32802;
const NS = 'shop';
/**
 * Requests for one collection (a kind in a scope: its lists and watches) in one case, besides the
 * two each ended watch or dropped history may cost: a retry with backoff from 500 ms makes a dozen
 * in the slowest case; a retry loop without backoff makes hundreds.
 */
const MAX_TRIES = 20;

/** A VirtualService routing to `ratings` (a host only the cluster has), with a file finding of its own. */
const ROUTE = [
  'apiVersion: networking.istio.io/v1', 'kind: VirtualService', 'metadata:', '  name: ratings', `  namespace: ${NS}`,
  'spec:', '  hosts: [ratings]', '  http:', '  - route:', '    - destination:', '        host: ratings', '    retriez: 3', '',
].join('\n');

const service = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: NS }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 9080 }] } });
/** `details` is always there, so the cluster always has Services to check hosts against. */
const START: KubeObject[] = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }, service('details'), service('ratings')];

// ---- the schedule ----

type Target = 'services' | 'lists' | 'watches' | 'discovery' | 'crd';
type Edit =
  | { readonly edit: 'comment'; readonly at: number; readonly word: string }
  | { readonly edit: 'uncomment'; readonly at: number }
  | { readonly edit: 'retype'; readonly value: string };
type Step =
  | { readonly step: 'corrupt'; readonly target: Target; readonly kind: Corruption | 'random'; readonly count: number; readonly seed: number; readonly provoke: boolean }
  | { readonly step: 'service'; readonly op: 'create' | 'delete' }
  | { readonly step: 'other' }
  | { readonly step: 'drop' }
  | { readonly step: 'compact' }
  | { readonly step: 'reconnect' }
  | { readonly step: 'edit'; readonly change: Edit; readonly request: 'hover' | 'completion'; readonly at: number }
  | { readonly step: 'pause'; readonly ms: number };

/** GET only: the test's own writes are never corrupted. */
const MATCH: Readonly<Record<Target, RequestMatch>> = {
  services: { method: 'GET', path: /\/services(\?|$)/ },
  lists: { method: 'GET', path: /[?&]limit=/ },
  watches: { method: 'GET', path: /[?&]watch=(1|true)(&|$)/ },
  discovery: { method: 'GET', path: /^\/(api\/v1|apis|apis\/[^/?]+\/[^/?]+)(\?|$)/ },
  crd: { method: 'GET', path: /\/customresourcedefinitions(\?|$)/ },
};
const anyKind = fc.constantFrom<Corruption | 'random'>('random', ...BODY_CORRUPTIONS, ...STREAM_CORRUPTIONS);
const KINDS: Readonly<Record<Target, fc.Arbitrary<Corruption | 'random'>>> = {
  services: anyKind,
  crd: anyKind,
  lists: fc.constantFrom<Corruption | 'random'>('random', ...BODY_CORRUPTIONS),
  discovery: fc.constantFrom<Corruption | 'random'>('random', ...BODY_CORRUPTIONS),
  watches: fc.constantFrom<Corruption | 'random'>('random', ...STREAM_CORRUPTIONS),
};
const corrupt: fc.Arbitrary<Step> = fc.constantFrom<Target>('services', 'lists', 'watches', 'discovery', 'crd').chain((target) => fc.record({
  step: fc.constant('corrupt' as const),
  target: fc.constant(target),
  kind: KINDS[target],
  // Sometimes until restore(), as a proxy that keeps answering with its login page.
  count: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 1, arbitrary: fc.constant(Infinity) }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  // Most rules are put to use at once: watches end (and, for lists, the history goes), so the
  // server's next requests meet them.
  provoke: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
}));
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ edit: fc.constant('comment' as const), at: fc.nat(), word: fc.stringMatching(/^[a-z]{1,8}$/) }),
  fc.record({ edit: fc.constant('uncomment' as const), at: fc.nat() }),
  fc.record({ edit: fc.constant('retype' as const), value: fc.oneof(fc.stringMatching(/^[0-9]{1,3}$/), fc.stringMatching(/^[a-z]{1,6}$/)) }),
);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: corrupt },
  { weight: 2, arbitrary: fc.record({ step: fc.constant('service' as const), op: fc.constantFrom('create' as const, 'delete' as const) }) },
  { weight: 1, arbitrary: fc.constant<Step>({ step: 'other' }) },
  { weight: 1, arbitrary: fc.constant<Step>({ step: 'drop' }) },
  { weight: 1, arbitrary: fc.constant<Step>({ step: 'compact' }) },
  { weight: 1, arbitrary: fc.constant<Step>({ step: 'reconnect' }) },
  { weight: 4, arbitrary: fc.record({ step: fc.constant('edit' as const), change: edit, request: fc.constantFrom('hover' as const, 'completion' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ step: fc.constant('pause' as const), ms: fc.integer({ min: 0, max: 80 }) }) },
);
/** The steps, then up to `linger` rounds of dropped watches (and history) that spend the rules left. */
const schedule = fc.record({ steps: fc.array(step, { minLength: 3, maxLength: 12 }), linger: fc.integer({ min: 0, max: 3 }) });

// ---- the document: its text, and the incremental changes an editor would send ----

interface Change { readonly range: { start: { line: number; character: number }; end: { line: number; character: number } }; readonly text: string }

/** Applies `e` to `text`; returns the new text and the change (null: nothing to do). Keeps the YAML valid. */
function applyEdit(text: string, e: Edit): { text: string; change: Change } | null {
  const lines = text.split('\n');
  const at = (line: number, character = 0) => ({ line, character });
  switch (e.edit) {
    case 'comment': {
      // A comment line, at the start of any line: valid YAML wherever it goes.
      const line = e.at % lines.length;
      const inserted = `# ${e.word}\n`;
      lines.splice(line, 0, inserted.slice(0, -1));
      return { text: lines.join('\n'), change: { range: { start: at(line), end: at(line) }, text: inserted } };
    }
    case 'uncomment': {
      const comments = lines.map((l, i) => (l.startsWith('# ') ? i : -1)).filter((i) => i >= 0);
      if (comments.length === 0) return null;
      const line = comments[e.at % comments.length]!;
      lines.splice(line, 1);
      return { text: lines.join('\n'), change: { range: { start: at(line), end: at(line + 1) }, text: '' } };
    }
    case 'retype': {
      const line = lines.findIndex((l) => l.startsWith('    retriez: '));
      const start = '    retriez: '.length;
      const change = { range: { start: at(line, start), end: at(line, lines[line]!.length) }, text: e.value };
      lines[line] = `${lines[line]!.slice(0, start)}${e.value}`;
      return { text: lines.join('\n'), change };
    }
  }
}

/** Where a request goes: on the routed host (its live Service), on the misspelt field, or anywhere. */
function position(text: string, at: number): { line: number; character: number } {
  const lines = text.split('\n');
  const host = lines.findIndex((l) => l.startsWith('        host: '));
  const field = lines.findIndex((l) => l.startsWith('    retriez'));
  switch (at % 4) {
    case 0: return { line: host, character: '        host: rat'.length };
    case 1: return { line: field, character: 6 };
    default: {
      const line = Math.floor(at / 4) % lines.length;
      return { line, character: lines[line]!.length === 0 ? 0 : Math.floor(at / 7) % (lines[line]!.length + 1) };
    }
  }
}

// ---- a language server as the test watches it ----

interface Watched {
  readonly client: WorkspaceClient;
  readonly uri: string;
  /** The latest diagnostics published for `uri`, and the version they are for. */
  readonly diagnostics: { version: number | undefined; list: Diagnostic[] } | undefined;
  readonly statuses: ClusterStatusParams[];
  /** Problems the process announced: stack traces on stderr, Error log messages, an 'error' status. */
  readonly alarms: string[];
  version: number;
  text: string;
  /** The namespaces setting: every namespace, or `shop` only. */
  scope: 'all' | 'shop';
  readonly kubeconfig: string;
}

const STACK = /^\s+at .+:\d+:\d+\)?$/m;

async function startWatched(dir: string, name: string, kubeconfig: string): Promise<Watched> {
  const folder = path.join(dir, name);
  mkdirSync(folder);
  writeFileSync(path.join(folder, 'ratings.yaml'), ROUTE);
  // What the handlers fill in; they are registered before the client (and so the URI) exists.
  const statuses: ClusterStatusParams[] = [];
  const alarms: string[] = [];
  let diagnostics: Watched['diagnostics'];
  let uri = '';
  const client = await startWorkspaceServer({
    folders: [folder],
    settings: { cluster: { kubeconfig } },
    initializationOptions: { cacheDir: path.join(dir, `${name}-cache`) },
    env: { HOME: dir },
    notifications: {
      'meshLifecycle/clusterStatus': (p: ClusterStatusParams) => { statuses.push(p); },
      'meshLifecycle/status': (p: { state: string; message?: string }) => { if (p.state === 'error') alarms.push(`status error: ${p.message ?? ''}`); },
      'window/logMessage': (p: { type: number; message: string }) => { if (p.type === 1) alarms.push(`log error: ${p.message}`); },
      // Replaces the client's own handler: the test needs the version each publication is for.
      'textDocument/publishDiagnostics': (p: PublishDiagnosticsParams) => { if (p.uri === uri) diagnostics = { version: p.version, list: p.diagnostics }; },
    },
  });
  let stderr = '';
  client.process.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (STACK.test(stderr)) { alarms.push(`stack trace on stderr: ${stderr.slice(-2000)}`); stderr = ''; }
    else stderr = stderr.slice(-4000);
  });
  uri = client.uri(path.join(folder, 'ratings.yaml'));
  return {
    client, uri, statuses, alarms, version: 1, text: ROUTE, scope: 'all', kubeconfig,
    get diagnostics() { return diagnostics; },
  };
}

function setScope(w: Watched, scope: 'all' | 'shop'): void {
  w.scope = scope;
  w.client.setSettings({ cluster: { kubeconfig: w.kubeconfig, ...(scope === 'shop' ? { namespaces: [NS] } : {}) } });
}

function alive(w: Watched): boolean {
  return w.client.process.exitCode === null && w.client.process.signalCode === null;
}

/** Diagnostics with what depends on the document's URI taken out, sorted: comparable across servers. */
function comparable(w: Watched): string[] {
  return (w.diagnostics?.list ?? []).map((d) => JSON.stringify(d).split(JSON.stringify(w.uri).slice(1, -1)).join('<doc>')).sort();
}

const hasUnknownHost = (w: Watched): boolean => (w.diagnostics?.list ?? []).some((d) => d.code === 'IST0101');
const current = (w: Watched): boolean => w.diagnostics?.version === w.version;
const synced = (w: Watched): boolean => w.statuses.at(-1)?.state === 'synced';

function sendChange(w: Watched, change: Change, text: string): void {
  w.version++;
  w.text = text;
  w.client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: w.uri, version: w.version }, contentChanges: [change] });
}

/**
 * The longest this process's event loop was blocked while a request was out: the API test server
 * runs here, so its own work (a 4 MB corrupted answer) delays reading the language server's answer.
 */
function stallMeter(): { longest(): number; stop(): void } {
  let last = performance.now();
  let longest = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last - 5);
    last = now;
  }, 5);
  return { longest: () => Math.max(longest, performance.now() - last - 5), stop: () => clearInterval(tick) };
}

/** Sends a request and times it: a result or ServerCancelled, anything else is reported. */
async function timed(w: Watched, method: string, params: unknown): Promise<{ ms: number; cancelled: boolean; stalledMs: number }> {
  const started = performance.now();
  const stall = stallMeter();
  let late: NodeJS.Timeout | undefined;
  const answer = w.client.connection.sendRequest(method, params).then(
    () => ({ cancelled: false }),
    (error: { code?: number; message?: string }) => {
      if (error?.code === SERVER_CANCELLED) return { cancelled: true };
      throw new Error(`${method} failed with ${String(error?.code)}: ${error?.message ?? String(error)}`);
    },
  );
  try {
    // Well past the limit: an answer that never comes fails the case without stalling the suite.
    const outcome = await Promise.race([answer, new Promise<never>((_, reject) => { late = setTimeout(() => reject(new Error(`${method} not answered within 5 s`)), 5000); })]);
    return { ms: performance.now() - started, ...outcome, stalledMs: stall.longest() };
  } finally {
    clearTimeout(late);
    stall.stop();
  }
}

// ---- the suite ----

describe('the language server over LSP while its cluster answers garbage', () => {
  let api: ApiServer;
  let mirror: ApiServer;
  let main: Watched;
  let reference: Watched;
  let dir: string;
  const extra: WorkspaceClient[] = [];

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ls-malformed-fuzz-'));
    [api, mirror] = await Promise.all([startApiServer({ objects: START }), startApiServer({ objects: START })]);
    [main, reference] = await Promise.all([startWatched(dir, 'main', api.kubeconfigPath), startWatched(dir, 'reference', mirror.kubeconfigPath)]);
    for (const w of [main, reference]) {
      await within(15_000, 'a synced status', () => synced(w));
      w.client.open(w.uri, ROUTE, w.version);
    }
    await within(15_000, 'the first diagnostics', () => current(main) && current(reference) && comparable(main).length > 0);
    assert.deepEqual(comparable(main), comparable(reference));
    assert.equal(hasUnknownHost(main), false, 'the live Service satisfies the destination');
  });
  after(async () => {
    await Promise.all([main?.client.stop(), reference?.client.stop(), ...extra.map((c) => c.stop())]);
    await Promise.all([api?.stop(), mirror?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const present = (server: ApiServer): boolean => server.controls.get('v1', 'Service', 'ratings', NS) !== undefined;
  async function setService(server: ApiServer, wanted: boolean): Promise<void> {
    if (wanted === present(server)) return;
    if (wanted) server.controls.seed([service('ratings')]);
    else await (await fetch(`${server.url}/api/v1/namespaces/${NS}/services/ratings`, { method: 'DELETE' })).arrayBuffer();
  }

  const OTHER = 'audit';
  const hasOther = (server: ApiServer): boolean => server.controls.get('networking.istio.io/v1', 'VirtualService', OTHER, NS) !== undefined;
  async function setOther(server: ApiServer, wanted: boolean): Promise<void> {
    if (wanted === hasOther(server)) return;
    if (wanted) server.controls.seed([{ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: OTHER, namespace: NS }, spec: { hosts: [OTHER], http: [{ route: [{ destination: { host: 'details' } }] }] } }]);
    else await (await fetch(`${server.url}/apis/networking.istio.io/v1/namespaces/${NS}/virtualservices/${OTHER}`, { method: 'DELETE' })).arrayBuffer();
  }

  test(`property: ${CASES} seeded schedules of garbage answers, cluster changes and edits over one session`, { timeout: 10 * 60_000 }, async (t) => {
    const figures = { busiest: 0, cases: 0, steps: 0, requests: 0, cancelled: 0, slowestMs: 0, convergence: [] as number[], applied: new Map<string, number>() };
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(schedule, async ({ steps, linger }) => {
        figures.cases++;
        api.controls.clearRequests();
        const began = performance.now();
        const slow: string[] = [];
        const edit = async (change: Edit, request: 'hover' | 'completion', at: number): Promise<void> => {
          const next = applyEdit(main.text, change);
          if (next) sendChange(main, next.change, next.text);
          const answer = await timed(main, `textDocument/${request}`, { textDocument: { uri: main.uri }, position: position(main.text, at) });
          figures.requests++;
          if (answer.cancelled) figures.cancelled++;
          figures.slowestMs = Math.max(figures.slowestMs, answer.ms);
          if (answer.ms > ANSWER_MS) slow.push(`${request} took ${Math.round(answer.ms)} ms (this process stalled up to ${Math.round(answer.stalledMs)} ms meanwhile)`);
        };
        for (const s of steps) {
          figures.steps++;
          switch (s.step) {
            case 'corrupt':
              api.controls.corruptNext(s.count, { ...MATCH[s.target], kind: s.kind, seed: s.seed });
              if (s.provoke) {
                api.controls.dropWatches();
                if (s.target !== 'watches') api.controls.compact();
              }
              break;
            case 'service':
              await setService(api, s.op === 'create');
              break;
            case 'other':
              await setOther(api, !hasOther(api));
              break;
            case 'drop':
              api.controls.dropWatches();
              break;
            case 'compact':
              api.controls.compact();
              break;
            case 'reconnect':
              // Another namespace scope: the folder's cluster link starts over (discovery, lists, watches).
              setScope(main, main.scope === 'all' ? 'shop' : 'all');
              break;
            case 'pause':
              await new Promise((resolve) => setTimeout(resolve, s.ms));
              break;
            case 'edit':
              await edit(s.change, s.request, s.at);
              break;
          }
        }
        for (let round = 0; round < linger && api.controls.pendingFaults().corruptions > 0; round++) {
          api.controls.dropWatches();
          if (round % 2 === 1) api.controls.compact();
          await edit({ edit: 'retype', value: String(round) }, round % 2 === 0 ? 'hover' : 'completion', round);
          await new Promise((resolve) => setTimeout(resolve, 150));
        }
        const applied = api.controls.corruptions().map((a) => a.kind);
        // Watches ended and histories dropped (each may cost a collection a watch and a list).
        const provoked = steps.filter((s) => s.step === 'drop' || s.step === 'compact' || s.step === 'reconnect' || (s.step === 'corrupt' && s.provoke)).length + linger;
        const tries = new Map<string, number>();
        for (const r of api.controls.requests()) if (r.method === 'GET') tries.set(r.url.split('?')[0]!, (tries.get(r.url.split('?')[0]!) ?? 0) + 1);
        const [busiest, most] = [...tries].reduce((a, b) => (b[1] > a[1] ? b : a), ['', 0]);
        figures.busiest = Math.max(figures.busiest, most);
        for (const kind of applied) figures.applied.set(kind, (figures.applied.get(kind) ?? 0) + 1);
        const said = (): string => `applied: ${applied.join(', ') || 'none'}; status ${main.statuses.at(-1)?.state ?? '?'}: ${main.statuses.at(-1)?.message ?? ''}`;
        assert.deepEqual(slow, [], `requests answered too late (${said()})`);
        assert.ok(most <= MAX_TRIES + 2 * provoked, `${most} requests for ${busiest} in ${Math.round(performance.now() - began)} ms: retries without backoff (${said()})`);

        await api.controls.restore();
        const restored = performance.now();
        // The reference: the same cluster, without garbage, and the same text.
        const absent = !present(api);
        await setService(mirror, !absent);
        await setOther(mirror, hasOther(api));
        if (reference.scope !== main.scope) setScope(reference, main.scope);
        if (reference.text !== main.text) sendChange(reference, { range: { start: { line: 0, character: 0 }, end: { line: reference.text.split('\n').length, character: 0 } }, text: main.text }, main.text);
        await within(CONVERGE_MS, 'the reference to show the cluster\'s state', () => current(reference) && hasUnknownHost(reference) === absent);
        await within(CONVERGE_MS, 'diagnostics equal to the reference\'s, and a synced status', () => current(main) && synced(main) && comparable(main).join('\n') === comparable(reference).join('\n'))
          .catch((error: Error) => assert.fail(`${error.message}: Service ${absent ? 'absent' : 'present'}; ${said()}\nmain (v${String(main.diagnostics?.version)} of ${main.version}):\n${comparable(main).join('\n')}\nreference:\n${comparable(reference).join('\n')}`));
        figures.convergence.push(performance.now() - restored);
        assert.equal(hasUnknownHost(main), absent, 'IST0101 exactly when the Service is absent');
        assert.ok(alive(main), `the server is running (${said()})`);
        assert.deepEqual([...main.alarms, ...reference.alarms], [], said());
      }),
      { seed: SEED, numRuns: CASES, endOnFailure: true },
    );
    const sorted = [...figures.convergence].sort((a, b) => a - b);
    const ms = (n: number | undefined): string => `${Math.round(n ?? 0)} ms`;
    t.diagnostic(`${figures.cases} cases, ${figures.steps} steps, ${Math.round((performance.now() - started) / 1000)} s`);
    t.diagnostic(`${figures.requests} timed requests: slowest ${ms(figures.slowestMs)}, ${figures.cancelled} answered ServerCancelled`);
    t.diagnostic(`most requests for one collection in one case: ${figures.busiest}`);
    t.diagnostic(`convergence after restore: median ${ms(sorted[Math.floor(sorted.length / 2)])}, slowest ${ms(sorted.at(-1))}`);
    t.diagnostic(`corruptions applied: ${[...figures.applied].sort().map(([k, n]) => `${k} ${n}`).join(', ')}`);
  });

  test('a fresh server process on the restored cluster says what the long-lived one says', async () => {
    // Should the property have stopped in the middle of a case, its garbage ends here.
    await api.controls.restore();
    const fresh = await startWatched(dir, 'fresh', api.kubeconfigPath);
    extra.push(fresh.client);
    if (main.scope !== fresh.scope) setScope(fresh, main.scope);
    await within(15_000, 'a synced status', () => synced(fresh));
    fresh.client.open(fresh.uri, main.text, fresh.version);
    fresh.text = main.text;
    await within(CONVERGE_MS, 'the fresh server\'s diagnostics', () => current(fresh) && hasUnknownHost(fresh) === !present(api));
    await within(CONVERGE_MS, 'the long-lived server to say the same', () => synced(main) && comparable(main).join('\n') === comparable(fresh).join('\n'))
      .catch(() => assert.deepEqual(comparable(main), comparable(fresh)));
    assert.ok(alive(main));
    assert.deepEqual(main.alarms, []);
  });
});

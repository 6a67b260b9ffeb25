/**
 * One case of the malformed-answer property (test/integration/cluster/malformed.test.ts): its
 * generator, and a runner that plays it against the API test server and checks the invariants.
 *
 *   case = objects at the start
 *        + countdown corruptions on list / watch / discovery / CRD requests
 *        + optionally one corruption that lasts until the server is restored
 *        + writes, dropped watches and compactions interleaved with short pauses
 *
 *   invariants, checked at every change the cache reports and at the end:
 *     - the snapshot holds only states the server really produced (same name, resourceVersion
 *       and spec): nothing a corrupted answer carried gets in;
 *     - while a corruption lasts, the status is not "synced" (for the kinds) and says what is
 *       wrong and where; a CRD problem is named in the message;
 *     - after restore() the cache holds exactly the server's objects and says "synced";
 *     - no reflector stops on an internal error (the runner's caller checks for unhandled
 *       rejections and exceptions in the process).
 *
 * Pauses are part of the generated schedule (they decide what interleaves with what), not waits
 * for a result: every result is awaited by polling against a deadline.
 */
import fc from 'fast-check';
import type { BackoffPolicy } from '../../server/src/cluster/backoff';
import { ClusterCache } from '../../server/src/cluster/cache';
import { resolveTarget } from '../../server/src/cluster/kubeconfig';
import { kubeTransport } from '../../server/src/cluster/transport';
import { BODY_CORRUPTIONS, HARMLESS, STREAM_CORRUPTIONS, type ApiServer, type Corruption, type KubeObject, type RequestMatch } from '../apiserver/index';
import { within } from './cluster-harness';

/** Retries fast enough for hundreds of cases: 2 ms doubling to 40 ms. */
export const FUZZ_BACKOFF: BackoffPolicy = { initialMs: 2, maxMs: 40, factor: 2, jitter: 0.5, maxRetryAfterMs: 1000 };

export type Target = 'list' | 'watch' | 'discovery' | 'crd';

export interface CorruptStep {
  readonly target: Target;
  readonly kind: Corruption;
  readonly count: number;
}

export type Op =
  | { readonly op: 'create' | 'update' | 'delete'; readonly name: string }
  | { readonly op: 'drop' }
  | { readonly op: 'compact' }
  | { readonly op: 'pause'; readonly ms: number };

export interface MalformedCase {
  readonly services: readonly string[];
  readonly routes: readonly string[];
  readonly crds: boolean;
  readonly steps: readonly CorruptStep[];
  /** A corruption that lasts until restore (never a harmless one). */
  readonly lasting: { readonly target: Exclude<Target, 'watch'>; readonly kind: Corruption } | null;
  readonly ops: readonly Op[];
}

const NAMES = ['a', 'b', 'c', 'd', 'e'];
const bodyKind = fc.constantFrom(...BODY_CORRUPTIONS);
const streamKind = fc.constantFrom(...STREAM_CORRUPTIONS);
/**
 * Corruptions that make every answer of a target unusable, so a status that says "synced" while
 * they last is wrong. A garbage list resourceVersion is left out (the list itself is fine, and
 * only the watch after it fails), and so are the list fields discovery documents do not have.
 */
function lastingKinds(target: Exclude<Target, 'watch'>): fc.Arbitrary<Corruption> {
  const skip = new Set<Corruption>([...HARMLESS, 'list-rv-garbage', ...(target === 'discovery' ? ['list-rv-missing' as const] : [])]);
  return fc.constantFrom(...BODY_CORRUPTIONS.filter((k) => !skip.has(k)));
}
const lasting = fc.constantFrom<Exclude<Target, 'watch'>>('list', 'discovery', 'crd').chain((target) => fc.record({ target: fc.constant(target), kind: lastingKinds(target) }));

const step: fc.Arbitrary<CorruptStep> = fc.oneof(
  fc.record({ target: fc.constant<Target>('list'), kind: bodyKind, count: fc.integer({ min: 1, max: 3 }) }),
  { weight: 2, arbitrary: fc.record({ target: fc.constant<Target>('watch'), kind: streamKind, count: fc.integer({ min: 1, max: 3 }) }) },
  fc.record({ target: fc.constant<Target>('discovery'), kind: bodyKind, count: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ target: fc.constant<Target>('crd'), kind: fc.oneof(bodyKind, streamKind), count: fc.integer({ min: 1, max: 2 }) }),
);

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom('create' as const, 'update' as const, 'delete' as const), name: fc.constantFrom(...NAMES) }) },
  { weight: 1, arbitrary: fc.constant<Op>({ op: 'drop' }) },
  { weight: 1, arbitrary: fc.constant<Op>({ op: 'compact' }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('pause' as const), ms: fc.integer({ min: 0, max: 30 }) }) },
);

export const malformedCase: fc.Arbitrary<MalformedCase> = fc.record({
  services: fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 4 }),
  routes: fc.uniqueArray(fc.constantFrom('r1', 'r2'), { maxLength: 2 }),
  crds: fc.boolean(),
  steps: fc.array(step, { minLength: 1, maxLength: 4 }),
  lasting: fc.option(lasting, { freq: 4 }),
  ops: fc.array(op, { maxLength: 10 }),
}).map((c) => ({
  ...c,
  // A corruption of list items needs an item to corrupt, and one of CRD answers needs CRDs read.
  services: c.lasting?.target === 'list' && c.services.length === 0 ? ['a'] : c.services,
  crds: c.crds || c.lasting?.target === 'crd' || c.steps.some((s) => s.target === 'crd'),
}));

/** The requests a target means (GET only: the test's own writes are never corrupted). */
export function targetMatch(target: Target): RequestMatch {
  switch (target) {
    case 'list':
    case 'watch':
      // Services only: they are what the case writes, so a corrupted watch line is a real event.
      return { method: 'GET', path: /\/services(\?|$)/ };
    case 'discovery':
      return { method: 'GET', path: /^\/(api\/v1|apis|apis\/[^/?]+\/[^/?]+)(\?|$)/ };
    case 'crd':
      return { method: 'GET', path: /\/customresourcedefinitions(\?|$)/ };
  }
}

/** What a case observed, for the report. */
export interface CaseReport {
  readonly applied: readonly Corruption[];
  readonly convergedMs: number;
}

const SVC = { apiVersion: 'v1', kind: 'Service' };
const VS = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService' };

/** Plays one case in namespace `namespace`; throws with the reason when an invariant breaks. */
export async function runCase(server: ApiServer, namespace: string, c: MalformedCase, deadlineMs: number): Promise<CaseReport> {
  const controls = server.controls;
  await controls.restore();
  controls.clearRequests();
  controls.seed([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }]);
  // Every state the server produced: `${kind}/${name}@${rv}` -> its spec.
  const produced = new Map<string, string>();
  const names = new Set<string>();
  const note = (o: KubeObject): void => {
    const meta = o.metadata as { name: string; resourceVersion: string };
    produced.set(`${String(o.kind)}/${meta.name}@${meta.resourceVersion}`, JSON.stringify(o['spec'] ?? null));
    names.add(`${String(o.kind)}/${meta.name}`);
  };
  let version = 0;
  const service = (name: string): KubeObject => ({ ...SVC, metadata: { name, namespace }, spec: { ports: [{ port: 80 }], selector: { app: name, v: String(++version) } } });
  for (const o of controls.seed([...c.services.map(service), ...c.routes.map((name) => ({ ...VS, metadata: { name, namespace }, spec: { hosts: [name], http: [{ route: [{ destination: { host: name } }] }] } }))])) note(o);

  // The lasting rule goes first, so that it wins over the countdown rules of its target.
  if (c.lasting) controls.corruptNext(Infinity, { ...targetMatch(c.lasting.target), kind: c.lasting.kind });
  for (const s of c.steps) controls.corruptNext(s.count, { ...targetMatch(s.target), kind: s.kind });

  const target = await resolveTarget(server.kubeconfigPath, null);
  const violations: string[] = [];
  const log: string[] = [];
  const cache: ClusterCache = new ClusterCache({
    context: target.context,
    transport: kubeTransport(target.kubeConfig, target.server),
    kinds: ['core/Service', 'networking.istio.io/VirtualService'],
    namespaces: [namespace],
    schemaGroups: c.crds ? new Set(['networking.istio.io']) : null,
    policy: FUZZ_BACKOFF,
    debounceMs: 1,
    log: (line) => log.push(line),
    onChange: () => {
      const problem = garbage(cache, namespace, produced);
      if (problem) violations.push(problem);
    },
  });
  cache.start();
  try {
    for (const o of c.ops) await play(server, namespace, o, service, note);
    if (c.lasting) await lastingProblem(cache, c.lasting.target, deadlineMs);
    // Give the countdown rules requests to spend themselves on: reconnecting watches that then
    // carry an event. A rule still left after a few rounds (say, on a list nobody needs) is cleared.
    for (let round = 0; round < 4 && c.lasting === null && controls.pendingFaults().corruptions > 0; round++) {
      controls.dropWatches();
      await play(server, namespace, { op: controls.get('v1', 'Service', 'z', namespace) ? 'update' : 'create', name: 'z' }, service, note);
      await play(server, namespace, { op: 'pause', ms: 15 }, service, note);
    }
    const applied = controls.corruptions().map((a) => a.kind);
    await controls.restore();
    const started = performance.now();
    await within(deadlineMs, 'the cache to converge on the server after restore', () => converged(cache, server, namespace, names) === null && cache.status().state === 'synced')
      .catch((error: Error) => {
        throw new Error(`${error.message}: ${converged(cache, server, namespace, names) ?? ''}; status ${cache.status().state}: ${cache.status().message}; applied ${applied.join(', ')}; log tail:\n${log.slice(-8).join('\n')}`);
      });
    const convergedMs = performance.now() - started;
    const last = garbage(cache, namespace, produced);
    if (last) violations.push(last);
    const internal = log.find((l) => /internal error/.test(l));
    if (internal) violations.push(internal);
    if (violations.length > 0) throw new Error(`${violations[0]} (applied: ${applied.join(', ')})`);
    return { applied, convergedMs };
  } finally {
    await cache.stop();
  }
}

async function play(server: ApiServer, namespace: string, o: Op, service: (name: string) => KubeObject, note: (o: KubeObject) => void): Promise<void> {
  const controls = server.controls;
  const path = (name: string): string => `${server.url}/api/v1/namespaces/${namespace}/services/${name}`;
  switch (o.op) {
    case 'create':
      if (!controls.get('v1', 'Service', o.name, namespace)) for (const s of controls.seed([service(o.name)])) note(s);
      return;
    case 'update': {
      if (!controls.get('v1', 'Service', o.name, namespace)) return;
      const res = await fetch(path(o.name), { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(service(o.name)) });
      const body = (await res.json()) as KubeObject;
      if (res.ok) note(body);
      return;
    }
    case 'delete':
      if (controls.get('v1', 'Service', o.name, namespace)) await (await fetch(path(o.name), { method: 'DELETE' })).arrayBuffer();
      return;
    case 'drop':
      controls.dropWatches();
      return;
    case 'compact':
      controls.compact();
      return;
    case 'pause':
      await new Promise((resolve) => setTimeout(resolve, o.ms));
      return;
  }
}

/** While a lasting corruption holds: not synced (kinds) or a schema problem named, in plain words. */
async function lastingProblem(cache: ClusterCache, target: Exclude<Target, 'watch'>, deadlineMs: number): Promise<void> {
  const said = /not a Kubernetes API response \((list|get) [^)]+\)/;
  await within(deadlineMs, `the status to name the ${target} problem`, () => said.test(cache.status().message)).catch((error: Error) => {
    throw new Error(`${error.message}; status ${cache.status().state}: ${cache.status().message}`);
  });
  const status = cache.status();
  if (target !== 'crd' && status.state === 'synced') throw new Error(`"synced" while every ${target} answer is corrupt: ${status.message}`);
}

/** Why the snapshot holds something the server never produced, or null. */
export function garbage(cache: ClusterCache, namespace: string, produced: ReadonlyMap<string, string>): string | null {
  for (const { value } of cache.snapshot().objects) {
    const meta = value['metadata'] as { name?: unknown; namespace?: unknown; resourceVersion?: unknown } | undefined;
    const key = `${String(value['kind'])}/${String(meta?.name)}@${String(meta?.resourceVersion)}`;
    const spec = produced.get(key);
    if (spec === undefined || meta?.namespace !== namespace) return `the cache holds a state the server never produced: ${key.slice(0, 200)}`;
    if (spec !== JSON.stringify(value['spec'] ?? null)) return `the cache holds ${key} with a spec the server never stored`;
  }
  return null;
}

/** Why the cache differs from the server's objects in the namespace, or null. */
function converged(cache: ClusterCache, server: ApiServer, namespace: string, names: ReadonlySet<string>): string | null {
  const want = new Map<string, string>();
  for (const key of names) {
    const [kind, name] = key.split('/') as [string, string];
    const o = server.controls.get(kind === 'Service' ? 'v1' : 'networking.istio.io/v1', kind, name, namespace);
    if (o) want.set(key, String(o.metadata?.resourceVersion));
  }
  const have = new Map<string, string>();
  for (const { value } of cache.snapshot().objects) {
    const meta = value['metadata'] as { name?: unknown; resourceVersion?: unknown };
    have.set(`${String(value['kind'])}/${String(meta.name)}`, String(meta.resourceVersion));
  }
  const show = (m: Map<string, string>): string => [...m].map(([k, v]) => `${k}@${v}`).sort().join(' ');
  return show(want) === show(have) ? null : `server ${show(want)} / cache ${show(have)}`;
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarise, type KindHealth } from '../../../server/src/cluster/health';

const k = (kind: string, state: KindHealth['state'], objects = 0, problem?: string, access?: boolean): KindHealth =>
  ({ kind: kind as KindHealth['kind'], state, objects, ...(problem ? { problem } : {}), ...(access !== undefined ? { access } : {}) });
const refused = 'connection refused by 127.0.0.1:6443: is the cluster running?';
const denied = 'not allowed to list secrets in all namespaces (403 Forbidden for user "dev")';
const garbage = '127.0.0.1:6443 sent an answer that is not a Kubernetes API response (list services in namespace "shop"): expected JSON, got <!DOCTYPE html>…';

const cases: { name: string; kinds: KindHealth[]; state: string; message: string; schemaProblem?: string; schemasPending?: boolean }[] = [
  { name: 'nothing yet', kinds: [], state: 'connecting', message: 'Connecting to cluster "dev"…' },
  { name: 'first lists running', kinds: [k('core/Service', 'synced', 3), k('core/Pod', 'syncing')], state: 'connecting', message: 'Connecting to cluster "dev" (1 of 2 kinds synced)…' },
  {
    name: 'all synced, some not served',
    kinds: [k('core/Service', 'synced', 3), k('core/Pod', 'synced', 1200), k('networking.k8s.io/Ingress', 'not-served')],
    state: 'synced', message: 'Synced with cluster "dev": 1,203 objects of 2 kinds (1 more not served by this cluster).',
  },
  { name: 'kinds synced, CRD schemas still loading', kinds: [k('core/Service', 'synced', 3)], schemasPending: true, state: 'connecting', message: 'Connecting to cluster "dev" (1 of 1 kinds synced, reading its CRD schemas)…' },
  { name: 'one object', kinds: [k('core/Service', 'synced', 1)], state: 'synced', message: 'Synced with cluster "dev": 1 object of 1 kind.' },
  {
    name: 'a kind denied',
    kinds: [k('core/Service', 'synced', 3), k('core/Secret', 'denied', 0, denied, true)],
    state: 'degraded', message: `Synced with cluster "dev" except 1 kind: ${denied}. Checks that need them are skipped; file findings are unaffected.`,
  },
  {
    name: 'unreachable before anything was listed',
    kinds: [k('core/Service', 'retrying', 0, refused), k('core/Pod', 'retrying', 0, refused), k('networking.k8s.io/Ingress', 'not-served')],
    state: 'offline', message: `Cluster "dev" is unreachable: ${refused}. Retrying; files are checked without it.`,
  },
  {
    name: 'unreachable after a sync: stale state is kept',
    kinds: [k('core/Service', 'stale', 3, refused), k('core/Pod', 'stale', 9, refused)],
    state: 'offline', message: `Cluster "dev" is unreachable: ${refused}. Retrying; files are checked against its last known state.`,
  },
  {
    name: 'every kind answered with garbage: reachable, but not a Kubernetes API',
    kinds: [k('core/Service', 'retrying', 0, garbage), k('core/Pod', 'stale', 4, garbage)].map((x) => ({ ...x, malformed: true })),
    state: 'offline', message: `Cluster "dev" does not answer as a Kubernetes API server: ${garbage}. Retrying; files are checked against its last known state.`,
  },
  {
    name: 'one kind failing, others fine',
    kinds: [k('core/Service', 'synced', 3), k('core/Pod', 'stale', 9, 'the connection to 127.0.0.1:6443 was reset')],
    state: 'degraded', message: 'Synced with cluster "dev" except 1 kind: the connection to 127.0.0.1:6443 was reset. Retrying.',
  },
  {
    name: 'every readable kind denied by discovery is degraded, not offline',
    kinds: [k('core/Service', 'denied', 0, denied, true), k('core/Pod', 'denied', 0, denied, true)],
    state: 'degraded', message: `Cannot read from cluster "dev": ${denied}. Files are checked without it.`,
  },
  {
    name: 'many distinct problems are summarised',
    kinds: [k('a/A', 'denied', 0, 'p1', true), k('a/B', 'denied', 0, 'p2', true), k('a/C', 'denied', 0, 'p3', true), k('a/D', 'denied', 0, 'p4', true), k('a/E', 'synced')],
    state: 'degraded', message: 'Synced with cluster "dev" except 4 kinds: p1; p2; p3; and 1 more. Checks that need them are skipped; file findings are unaffected.',
  },
  {
    name: 'schema problem is appended',
    kinds: [k('core/Service', 'synced', 1)], schemaProblem: 'not allowed to list customresourcedefinitions.apiextensions.k8s.io at the cluster scope (403 Forbidden for user "dev"); using the bundled schemas',
    state: 'synced', message: 'Synced with cluster "dev": 1 object of 1 kind. Schemas: not allowed to list customresourcedefinitions.apiextensions.k8s.io at the cluster scope (403 Forbidden for user "dev"); using the bundled schemas.',
  },
];
for (const c of cases) {
  test(`health: ${c.name}`, () => {
    const s = summarise({ context: 'dev', server: 'https://127.0.0.1:6443', kinds: c.kinds, ...(c.schemaProblem ? { schemaProblem: c.schemaProblem } : {}), ...(c.schemasPending ? { schemasPending: true } : {}) });
    assert.equal(s.state, c.state);
    assert.equal(s.message, c.message);
    assert.equal(s.objects, c.kinds.reduce((n, x) => n + x.objects, 0));
  });
}

test('health: the last problem is carried even when all is well again', () => {
  const s = summarise({ context: 'dev', server: 's', kinds: [k('core/Service', 'synced')], lastProblem: { text: refused, at: 5 } });
  assert.equal(s.state, 'synced');
  assert.deepEqual(s.lastProblem, { text: refused, at: 5 });
});

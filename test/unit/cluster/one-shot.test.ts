import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarise, type KindHealth } from '../../../server/src/cluster/health';
import { verdictOf } from '../../../server/src/cluster/one-shot';

const k = (kind: string, state: KindHealth['state'], problem?: string): KindHealth => ({ kind: kind as KindHealth['kind'], state, objects: 0, ...(problem ? { problem } : {}) });
const status = (kinds: KindHealth[]) => summarise({ context: 'ci', server: 'https://x', kinds });

const cases: { name: string; kinds: KindHealth[]; expect: ReturnType<typeof verdictOf> }[] = [
  { name: 'all read', kinds: [k('core/Service', 'synced'), k('networking.k8s.io/Ingress', 'not-served')], expect: {} },
  { name: 'nothing read: fatal, with the reason', kinds: [k('core/Service', 'retrying', 'connection refused by x: is the cluster running?'), k('core/Pod', 'retrying', 'connection refused by x: is the cluster running?')], expect: { fatal: 'cannot read cluster "ci": connection refused by x: is the cluster running?' } },
  { name: 'nothing read, no reason yet: the timeout', kinds: [k('core/Service', 'syncing')], expect: { fatal: 'cannot read cluster "ci": no answer within 30 s' } },
  {
    name: 'some denied: a warning naming them',
    kinds: [k('core/Service', 'synced'), k('core/Secret', 'denied', 'not allowed to list secrets in namespace "ci"')],
    expect: { warning: 'cluster "ci": 1 of 2 kinds could not be read, so checks that need them are skipped: not allowed to list secrets in namespace "ci"' },
  },
];
for (const c of cases) {
  test(`CLI verdict: ${c.name}`, () => {
    assert.deepEqual(verdictOf(status(c.kinds), 30_000), c.expect);
  });
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterView } from '../../../client/src/cluster-view';
import type { ClusterStatusParams } from '../../../server/src/protocol';

const s = (folder: string, state: ClusterStatusParams['state'], message: string, extra: Partial<ClusterStatusParams> = {}): ClusterStatusParams =>
  ({ folder, context: 'kind-dev', state, message, kinds: [], ...extra });

const cases: { name: string; statuses: ClusterStatusParams[]; expect: ReturnType<typeof clusterView> }[] = [
  { name: 'no folder', statuses: [], expect: { text: 'Cluster: off', detail: 'No workspace folder uses a cluster.', severity: 'information', busy: false } },
  {
    name: 'synced',
    statuses: [s('a', 'synced', 'Synced with cluster "kind-dev": 12 objects of 30 kinds.')],
    expect: { text: 'Cluster kind-dev: synced', detail: 'Synced with cluster "kind-dev": 12 objects of 30 kinds.', severity: 'information', busy: false },
  },
  {
    name: 'synced, with the last problem',
    statuses: [s('a', 'synced', 'Synced.', { lastProblem: { message: 'the connection to 127.0.0.1:6443 was reset', at: '2030-01-01T10:11:12.000Z' } })],
    expect: { text: 'Cluster kind-dev: synced', detail: 'Synced. Last problem, at 10:11:12 UTC: the connection to 127.0.0.1:6443 was reset.', severity: 'information', busy: false },
  },
  { name: 'connecting is busy', statuses: [s('a', 'connecting', 'Connecting…')], expect: { text: 'Cluster kind-dev: connecting', detail: 'Connecting…', severity: 'information', busy: true } },
  {
    name: 'the worst of several folders, counted',
    statuses: [s('a', 'synced', 'ok'), s('b', 'degraded', 'Synced except secrets.'), s('c', 'degraded', 'Synced except pods.')],
    expect: { text: 'Cluster kind-dev: partly synced', detail: 'Synced except secrets. (2 of 3 folders)', severity: 'warning', busy: false },
  },
  { name: 'offline is an error', statuses: [s('a', 'offline', 'Cluster "kind-dev" is unreachable.')], expect: { text: 'Cluster kind-dev: unreachable', detail: 'Cluster "kind-dev" is unreachable.', severity: 'error', busy: false } },
  { name: 'disabled', statuses: [s('a', 'disabled', 'No kubeconfig found.', { context: null })], expect: { text: 'Cluster: off', detail: 'No kubeconfig found.', severity: 'information', busy: false } },
  { name: 'misconfigured', statuses: [s('a', 'error', 'The kubeconfig has no context "x".', { context: 'x' })], expect: { text: 'Cluster x: not configured', detail: 'The kubeconfig has no context "x".', severity: 'error', busy: false } },
];
for (const c of cases) {
  test(`cluster status item: ${c.name}`, () => {
    assert.deepEqual(clusterView(c.statuses), c.expect);
  });
}

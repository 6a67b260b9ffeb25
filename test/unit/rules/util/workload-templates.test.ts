import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkspaceIndex } from '../../../../server/src/model/workspace-index';
import { parseFile } from '../../../../server/src/parse/file';
import { DEFAULT_LIMITS } from '../../../../server/src/parse/limits';
import { describeWorkload, knowsWorkloads, workloadsIn } from '../../../../server/src/rules/util/workload-templates';

const WORLD = `
apiVersion: v1
kind: Pod
metadata: {name: debug, namespace: shop, labels: {app: debug}}
spec:
  containers: [{name: c, ports: [{containerPort: 7000}]}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  template:
    metadata: {labels: {app: api}}
    spec:
      initContainers: [{name: proxy, ports: [{name: admin, containerPort: 4191}]}]
      containers: [{name: api, ports: [{name: http, containerPort: 8080}, {name: bad}]}]
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web, namespace: other}
spec:
  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}
`;

test('workload templates: Pods and controller templates, with declared ports (init containers included)', () => {
  const index = new WorkspaceIndex();
  assert.equal(knowsWorkloads(index), false);
  index.setFile('w.yaml', parseFile(WORLD, DEFAULT_LIMITS));
  assert.equal(knowsWorkloads(index), true);
  const shop = workloadsIn(index, 'shop');
  assert.deepEqual(shop.map((w) => [describeWorkload(w), w.labels, w.ports.map((p) => `${p.container}:${p.name ?? ''}:${p.port}`)]), [
    ['Pod debug', { app: 'debug' }, ['c::7000']],
    ['Deployment api', { app: 'api' }, ['api:http:8080', 'proxy:admin:4191']],
  ]);
  // A Rollout that references its workload has no template of its own.
  assert.deepEqual(workloadsIn(index, 'other').map((w) => [describeWorkload(w), w.labels, w.ports.length]), [['Rollout web', {}, 0]]);
});

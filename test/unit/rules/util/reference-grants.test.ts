import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkspaceIndex } from '../../../../server/src/model/workspace-index';
import { parseFile } from '../../../../server/src/parse/file';
import { DEFAULT_LIMITS } from '../../../../server/src/parse/limits';
import { describeGrant, grantFixes, grantFor } from '../../../../server/src/rules/util/reference-grants';

const GRANTS = `
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: routes, namespace: backend}
spec:
  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop}]
  to: [{group: "", kind: Service}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: ReferenceGrant
metadata: {name: one-secret, namespace: certs}
spec:
  from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: infra}]
  to: [{group: core, kind: Secret, name: wildcard}]
`;

function index(): WorkspaceIndex {
  const i = new WorkspaceIndex();
  i.setFile('grants.yaml', parseFile(GRANTS, DEFAULT_LIMITS));
  return i;
}

const ROUTE_FROM_SHOP = { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' };
const GATEWAY_FROM_INFRA = { group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'infra' };

test('reference grants: from (group, kind, namespace) to (group, kind[, name]) in the target namespace', () => {
  const i = index();
  const rows: [string, typeof ROUTE_FROM_SHOP, { group: string; kind: string; namespace: string; name: string }, string | undefined][] = [
    ['any Service in backend', ROUTE_FROM_SHOP, { group: '', kind: 'Service', namespace: 'backend', name: 'api' }, 'routes'],
    ['core spelt "core"', ROUTE_FROM_SHOP, { group: 'core', kind: 'Service', namespace: 'backend', name: 'api' }, 'routes'],
    ['another referrer namespace', { ...ROUTE_FROM_SHOP, namespace: 'blog' }, { group: '', kind: 'Service', namespace: 'backend', name: 'api' }, undefined],
    ['another referrer kind', { ...ROUTE_FROM_SHOP, kind: 'GRPCRoute' }, { group: '', kind: 'Service', namespace: 'backend', name: 'api' }, undefined],
    ['the wrong target namespace', ROUTE_FROM_SHOP, { group: '', kind: 'Service', namespace: 'other', name: 'api' }, undefined],
    ['the named Secret', GATEWAY_FROM_INFRA, { group: '', kind: 'Secret', namespace: 'certs', name: 'wildcard' }, 'one-secret'],
    ['another Secret', GATEWAY_FROM_INFRA, { group: '', kind: 'Secret', namespace: 'certs', name: 'other' }, undefined],
  ];
  for (const [label, from, to, expected] of rows) assert.equal(grantFor(i, from, to)?.name, expected, label);
});

test('reference grants: fixes extend a grant that matches one side; the description is the grant spec', () => {
  const i = index();
  const toOther = { group: '', kind: 'Secret', namespace: 'certs', name: 'other' };
  const fixes = grantFixes(i, GATEWAY_FROM_INFRA, toOther);
  assert.equal(fixes.length, 1);
  assert.equal(fixes[0]!.preferred, true);
  assert.deepEqual(fixes[0]!.edits, [{ op: 'append', subject: 'grants.yaml#1', path: ['spec', 'to'], value: { group: '', kind: 'Secret', name: 'other' } }]);
  const fromBlog = grantFixes(i, { ...ROUTE_FROM_SHOP, namespace: 'blog' }, { group: '', kind: 'Service', namespace: 'backend', name: 'api' });
  assert.deepEqual(fromBlog[0]!.edits[0], { op: 'append', subject: 'grants.yaml#0', path: ['spec', 'from'], value: { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'blog' } });
  // Neither side matches, or no grant in the namespace: nothing to extend.
  assert.deepEqual(grantFixes(i, { ...ROUTE_FROM_SHOP, kind: 'TCPRoute', namespace: 'x' }, { group: '', kind: 'ConfigMap', namespace: 'backend', name: 'c' }), []);
  assert.deepEqual(grantFixes(i, ROUTE_FROM_SHOP, { group: '', kind: 'Service', namespace: 'nowhere', name: 'api' }), []);
  assert.equal(describeGrant(ROUTE_FROM_SHOP, { group: '', kind: 'Service', namespace: 'backend', name: 'api' }),
    'from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop}], to: [{group: "", kind: Service, name: api}]');
});

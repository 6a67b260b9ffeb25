import assert from 'node:assert/strict';
import { test } from 'node:test';
import { K } from '../../../../server/src/model/kinds';
import {
  authenticationKind, describeLabelSelector, existsImplicitly, linkerdRef, policyTargetKind,
} from '../../../../server/src/rules/util/linkerd-refs';

test('linkerd refs: targetRef and authentication kinds by group and kind; the core group may be "", core or absent', () => {
  const targets: [unknown, string | undefined][] = [
    [{ group: 'policy.linkerd.io', kind: 'Server', name: 's' }, K.LinkerdServer],
    [{ group: 'policy.linkerd.io', kind: 'HTTPRoute', name: 'r' }, K.LinkerdHTTPRoute],
    [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'r' }, K.HTTPRoute],
    [{ group: 'gateway.networking.k8s.io', kind: 'GRPCRoute', name: 'r' }, K.GRPCRoute],
    [{ kind: 'Namespace', name: 'n' }, K.Namespace],
    [{ group: 'core', kind: 'Namespace', name: 'n' }, K.Namespace],
    [{ kind: 'Server', name: 's' }, undefined],
    [{ group: 'policy.linkerd.io', kind: 'EgressNetwork', name: 'e' }, undefined],
  ];
  for (const [raw, expected] of targets) assert.equal(policyTargetKind(linkerdRef(raw)!), expected, JSON.stringify(raw));
  const authentications: [unknown, string | undefined][] = [
    [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'm' }, K.MeshTLSAuthentication],
    [{ group: 'policy.linkerd.io', kind: 'NetworkAuthentication', name: 'n' }, K.NetworkAuthentication],
    [{ group: '', kind: 'ServiceAccount', name: 'sa' }, K.ServiceAccount],
    [{ kind: 'Namespace', name: 'ns' }, K.Namespace],
    [{ group: 'policy.linkerd.io', kind: 'ServiceAccount', name: 'sa' }, undefined],
  ];
  for (const [raw, expected] of authentications) assert.equal(authenticationKind(linkerdRef(raw)!), expected, JSON.stringify(raw));
  assert.equal(linkerdRef({ name: 'no-kind' }), undefined);
});

test('linkerd refs: objects that exist without being written, and selectors for messages', () => {
  assert.equal(existsImplicitly(K.ServiceAccount, 'default'), true);
  assert.equal(existsImplicitly(K.ServiceAccount, 'web'), false);
  assert.equal(existsImplicitly(K.Namespace, 'kube-system'), true);
  assert.equal(existsImplicitly(K.Namespace, 'shop'), false);
  assert.equal(describeLabelSelector({}), '{}');
  assert.equal(describeLabelSelector({
    matchLabels: { tier: 'api', app: 'web' },
    matchExpressions: [{ key: 'env', operator: 'In', values: ['a', 'b'] }, { key: 'canary', operator: 'DoesNotExist' }, { key: 'zone', operator: 'Exists' }],
  }), 'app=web,tier=api,env in (a, b),!canary,zone');
});

/**
 * PeerAuthentication resolution: workload > namespace > mesh, UNSET inherits, port-level modes by
 * container port on workload policies only, and "unknown" (undefined) whenever Istio's answer
 * would depend on something the files do not say.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkspaceIndex } from '../../../../server/src/model/workspace-index';
import { parseFile } from '../../../../server/src/parse/file';
import { DEFAULT_LIMITS } from '../../../../server/src/parse/limits';
import { mtlsModeFor } from '../../../../server/src/rules/util/peer-authentication';

function index(yaml: string): WorkspaceIndex {
  const i = new WorkspaceIndex({});
  i.setFile('/virtual/pa.yaml', parseFile(yaml, DEFAULT_LIMITS));
  return i;
}

const pa = (name: string, ns: string, spec: string) =>
  `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: ${name}, namespace: ${ns}}\nspec: ${spec}\n---\n`;

const WORLD = index(
  pa('default', 'istio-system', '{mtls: {mode: STRICT}}') +
  pa('default', 'legacy', '{mtls: {mode: PERMISSIVE}}') +
  pa('unset', 'inherit', '{}') +
  pa('api', 'shop', '{selector: {matchLabels: {app: api}}, mtls: {mode: UNSET}, portLevelMtls: {8081: {mode: DISABLE}}}') +
  pa('db', 'shop', '{selector: {matchLabels: {app: db}}, mtls: {mode: DISABLE}}') +
  pa('ns-port', 'shop', '{portLevelMtls: {9000: {mode: DISABLE}}}') +
  pa('a', 'split', '{mtls: {mode: STRICT}}') +
  pa('b', 'split', '{mtls: {mode: DISABLE}}'),
);

test('peer authentication: which mode is in force', () => {
  const rows: [string, string, Record<string, string>, boolean, number | undefined, string | undefined, string | undefined][] = [
    // name, namespace, labels, exact labels, container port, mode, deciding policy
    ['mesh-wide', 'web', { app: 'x' }, true, 80, 'STRICT', 'istio-system/default'],
    ['namespace beats mesh', 'legacy', { app: 'x' }, true, 80, 'PERMISSIVE', 'legacy/default'],
    ['UNSET namespace inherits the mesh', 'inherit', {}, true, 80, 'STRICT', 'istio-system/default'],
    ['workload port-level', 'shop', { app: 'api' }, true, 8081, 'DISABLE', 'shop/api'],
    ['workload UNSET inherits on other ports', 'shop', { app: 'api' }, true, 8080, 'STRICT', 'istio-system/default'],
    ['workload mode', 'shop', { app: 'db' }, false, 5432, 'DISABLE', 'shop/db'],
    ['port-level is ignored without a selector', 'shop', { app: 'web' }, true, 9000, 'STRICT', 'istio-system/default'],
    ['partial labels that may match a workload policy: unknown', 'shop', { tier: 'x' }, false, 80, undefined, undefined],
    ['partial labels that cannot match: namespace decides', 'shop', { app: 'web' }, false, 80, 'STRICT', 'istio-system/default'],
    ['unknown port with port-level modes: unknown', 'shop', { app: 'api' }, true, undefined, undefined, undefined],
    ['namespace policies that disagree: unknown', 'split', {}, true, 80, undefined, undefined],
  ];
  for (const [name, ns, labels, exact, port, mode, policy] of rows) {
    const got = mtlsModeFor(WORLD, ns, { labels, exact }, port);
    assert.equal(got?.mode, mode, name);
    assert.equal(got?.policy ? `${got.policy.namespace}/${got.policy.name}` : undefined, policy, name);
  }
});

test('peer authentication: PERMISSIVE when nothing is set', () => {
  assert.deepEqual(mtlsModeFor(index(''), 'web', { labels: {}, exact: true }, 80), { mode: 'PERMISSIVE' });
});

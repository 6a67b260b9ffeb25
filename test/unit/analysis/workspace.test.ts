import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ResourceValidator } from '../../../server/src/analysis/analyzer';
import { configFrom } from '../../../server/src/analysis/config';
import { Workspace } from '../../../server/src/analysis/workspace';
import { meshConfigFrom } from '../../../server/src/model/mesh-config';
import virtualserviceSubsetExists from '../../../server/src/rules/virtualservice-subset-exists';

/** Reports MSH1001 on any `spec.bogus` field, standing in for schema validation. */
const validator: ResourceValidator = {
  validate: (_identity, value) => ((value as { spec?: { bogus?: unknown } }).spec?.bogus !== undefined
    ? [{ code: 'MSH1001', name: 'unknown-field', severity: 'error', message: 'unknown', path: ['spec', 'bogus'], target: 'key' }]
    : []),
};

function workspace(rules: Record<string, string> = {}): Workspace {
  return new Workspace({ config: configFrom({ rules }), rules: [virtualserviceSubsetExists], validator });
}

const VS = (subset: string, extra = '') => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews${extra}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination:
        host: reviews
        subset: ${subset}
`;
const DR = (...subsets: string[]) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews}
spec:
  host: reviews
  subsets: [${subsets.map((s) => `{name: ${s}}`).join(', ')}]
`;
const CONFIGMAP = (v: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {v: "${v}"}\n`;

const summary = (ws: Workspace) => {
  const r = ws.analyze();
  return { r, lines: [...r.findings].flatMap(([file, list]) => list.map((f) => `${file}:${f.range.start.line + 1} ${f.code} ${f.severity}`)) };
};

test('workspace: rules see every file; a fix in one file clears the finding in another', () => {
  const ws = workspace();
  ws.setFile('vs.yaml', VS('v2'));
  ws.setFile('dr.yaml', DR('v1'));
  const first = summary(ws);
  assert.deepEqual(first.lines, ['vs.yaml:11 IST0101 error']);
  assert.deepEqual([...first.r.changed], ['vs.yaml']);
  ws.setFile('dr.yaml', DR('v1', 'v2'));
  const second = summary(ws);
  assert.deepEqual(second.lines, []);
  assert.deepEqual([...second.r.findings], [['vs.yaml', []]], 'a file whose findings went away is reported empty once');
  assert.deepEqual([...summary(ws).r.changed], []);
});

test('workspace: only rules reading a changed kind re-run; unchanged text is a no-op', () => {
  const ws = workspace();
  ws.setFile('vs.yaml', VS('v2'));
  ws.setFile('cm.yaml', CONFIGMAP('a'));
  assert.deepEqual(ws.analyze().ran, ['virtualservice-subset-exists']);
  ws.setFile('cm.yaml', CONFIGMAP('b'));
  assert.deepEqual(ws.analyze().ran, []);
  ws.setFile('vs.yaml', VS('v2'));
  assert.deepEqual(ws.analyze().ran, []);
  ws.setMeshConfig(meshConfigFrom({ defaultDestinationRuleExportTo: ['.'] }));
  assert.deepEqual(ws.analyze().ran, ['virtualservice-subset-exists'], 'the rule reads the mesh config');
  ws.removeFile('vs.yaml');
  assert.deepEqual(ws.analyze().ran, ['virtualservice-subset-exists']);
});

test('workspace: severity overrides by code and name apply to rule findings', () => {
  const make = (rules: Record<string, string>) => {
    const ws = workspace(rules);
    ws.setFile('vs.yaml', VS('v2'));
    return summary(ws).lines;
  };
  assert.deepEqual(make({ IST0101: 'warning' }), ['vs.yaml:11 IST0101 warning']);
  assert.deepEqual(make({ 'virtualservice-subset-exists': 'off' }), []);
});

test('workspace: suppressions apply to rule and schema findings', () => {
  const ws = workspace();
  ws.setFile('annotated.yaml', VS('v2').replace('  name: reviews', '  name: reviews\n  annotations: {galley.istio.io/analyze-suppress: "IST0102,IST0101"}'));
  ws.setFile('comment.yaml', VS('v2', '-b').replace('        subset: v2', '        # mesh-lifecycle-disable-next-line IST0101\n        subset: v2'));
  const bogus = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nspec:\n  bogus: 1\n';
  ws.setFile('schema.yaml', bogus);
  ws.setFile('schema-off.yaml', `# mesh-lifecycle-disable-file unknown-field\n${bogus}`);
  ws.setFile('schema-line.yaml', bogus.replace('  bogus', '  # mesh-lifecycle-disable-next-line MSH1001\n  bogus'));
  assert.deepEqual(summary(ws).lines, ['schema.yaml:5 MSH1001 error']);
});

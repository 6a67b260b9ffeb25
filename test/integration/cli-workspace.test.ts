/**
 * The CLI lints its files as one workspace: cross-file rules, the project file, --mesh-config,
 * Helm templates skipped, and the junit and github formats end to end (bundled dist/cli.js).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { CLI } from '../support/repo';

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: checkout, namespace: web}
spec:
  hosts: [checkout.shop.svc.cluster.local]
  http:
  - route:
    - destination:
        host: checkout.shop.svc.cluster.local
        subset: stable
`;
const DR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: checkout, namespace: shop}
spec:
  host: checkout
  subsets:
  - name: canary
    labels: {track: canary}
`;

/** A project folder with the given files; returns its path. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mesh-ws-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function lint(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'lint', ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const codes = (stdout: string) => (JSON.parse(stdout) as { findings: { code: string; name: string; file: string }[] }).findings
  .filter((f) => f.name === 'virtualservice-subset-exists').map((f) => `${f.file} ${f.code}`);

test('cli workspace: a reference across files is checked', () => {
  const dir = project({ 'vs.yaml': VS, 'dr.yaml': DR });
  const r = lint(dir, ['--format', 'json', '.']);
  assert.deepEqual(codes(r.stdout), ['vs.yaml IST0101']);
  assert.equal(r.code, 1);
  const fixed = project({ 'vs.yaml': VS, 'dr.yaml': DR.replace('canary', 'stable') });
  assert.deepEqual(codes(lint(fixed, ['--format', 'json', '.']).stdout), []);
});

test('cli workspace: --mesh-config overlays the mesh defaults the rules read', () => {
  const dir = project({ 'vs.yaml': VS, 'dr.yaml': DR.replace('canary', 'stable'), 'mesh/mesh.yaml': 'defaultDestinationRuleExportTo: ["."]\n' });
  assert.deepEqual(codes(lint(dir, ['--format', 'json', 'vs.yaml', 'dr.yaml']).stdout), []);
  assert.deepEqual(codes(lint(dir, ['--format', 'json', '--mesh-config', 'mesh/mesh.yaml', 'vs.yaml', 'dr.yaml']).stdout), ['vs.yaml IST0101']);
});

test('cli workspace: the project file sets severities, mesh config and ignores; flags win', () => {
  const dir = project({
    '.mesh-lifecycle.yaml': 'rules: {IST0101: warning}\nmeshConfig: mesh.yaml\nignore: ["generated/"]\nbogus: 1\n',
    'mesh.yaml': 'defaultDestinationRuleExportTo: ["."]\n',
    'app/vs.yaml': VS, 'app/dr.yaml': DR.replace('canary', 'stable'),
    'generated/broken.yaml': 'a: [\n',
  });
  const r = lint(path.join(dir, 'app'), ['--format', 'json', '.']);
  const findings = (JSON.parse(r.stdout) as { findings: { code: string; severity: string }[] }).findings;
  assert.deepEqual(findings.map((f) => `${f.code} ${f.severity}`), ['IST0101 warning']);
  assert.equal(r.code, 0, 'a warning is below the default threshold');
  assert.match(r.stderr, /warning: .*unknown key "bogus"/);
  assert.deepEqual(JSON.parse(lint(dir, ['--format', 'json', '.']).stdout).findings.map((f: { file: string }) => f.file), ['app/vs.yaml'], 'generated/ is ignored');
  assert.equal(JSON.parse(lint(dir, ['--format', 'json', 'generated/broken.yaml']).stdout).findings[0].code, 'MSH0001', 'a file named explicitly is linted');
});

test('cli workspace: Helm chart templates and template files are skipped in folders', () => {
  const dir = project({
    'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
    'chart/templates/vs.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: [\n',
    'loose.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n',
    'ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n',
  });
  const r = lint(dir, ['--format', 'json', '.']);
  assert.deepEqual(JSON.parse(r.stdout), { findings: [] });
  assert.equal(r.code, 0);
});

test('cli workspace: SARIF carries related locations', () => {
  const dir = project({ 'vs.yaml': VS, 'dr.yaml': DR });
  const sarif = JSON.parse(lint(dir, ['--format', 'sarif', 'vs.yaml', 'dr.yaml']).stdout) as { runs: { results: { ruleId: string; relatedLocations?: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
  const result = sarif.runs[0]!.results.find((r) => r.ruleId === 'IST0101/virtualservice-subset-exists');
  assert.deepEqual(result?.relatedLocations?.map((l) => [l.physicalLocation.artifactLocation.uri, l.physicalLocation.region.startLine]), [['dr.yaml', 6]]);
});

test('cli workspace: --format github and --format junit', () => {
  const dir = project({ 'vs.yaml': VS, 'dr.yaml': DR });
  const github = lint(dir, ['--format', 'github', 'vs.yaml', 'dr.yaml']);
  assert.equal(github.code, 1);
  assert.match(github.stdout, /^::error file=vs\.yaml,line=10,col=17,endLine=10,endColumn=22,title=IST0101 virtualservice-subset-exists::Subset "stable"/m);
  const junit = lint(dir, ['--format', 'junit', 'vs.yaml', 'dr.yaml']);
  assert.match(junit.stdout, /<testsuite name="dr.yaml" tests="1" failures="0"/);
  assert.match(junit.stdout, /<testcase name="IST0101 virtualservice-subset-exists at 10:17" classname="vs.yaml">/);
});

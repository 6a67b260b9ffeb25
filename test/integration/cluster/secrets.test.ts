/**
 * Secrets never leave the cluster module: a value planted in a cluster Secret (in its data and in
 * kubectl's last-applied annotation) is found nowhere the module writes — the cache, the index,
 * findings, the status, the log, the disk cache — while the derived facts (key presence,
 * certificate validity) still drive the rules.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parsableCertificate as selfSignedCertificate } from '../../support/certificates';
import { startCluster, within, type TestCluster } from '../../support/cluster-harness';
import { liveWorkspace, type LiveWorkspace } from '../../support/live-workspace';

const PLANTED = 'planted-Secret-value-7f3a9c1e';
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('secrets stay in the cluster module', () => {
  let cluster: TestCluster;
  let live: LiveWorkspace;
  let cacheDir: string;
  const expired = selfSignedCertificate(new Date(Date.now() - 2 * 365 * 24 * 3600_000));
  const GATEWAY = 'file:///w/gateway.yaml';

  before(async () => {
    cluster = await startCluster();
    cacheDir = mkdtempSync(path.join(tmpdir(), 'mesh-cache-'));
    const ns = cluster.namespace;
    await cluster.create([
      {
        apiVersion: 'v1', kind: 'Secret', metadata: {
          name: 'db-password',
          annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ apiVersion: 'v1', kind: 'Secret', stringData: { password: PLANTED } }) },
        },
        data: { password: b64(PLANTED) },
      },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'as-string-data' }, stringData: { token: PLANTED } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'expired-cert' }, type: 'kubernetes.io/tls', data: { 'tls.crt': b64(expired.cert), 'tls.key': b64(expired.key) } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ingress', labels: { istio: 'ingressgateway' } }, spec: { containers: [{ name: 'proxy', image: 'registry.k8s.io/pause:3.9' }] } },
    ]);
    live = await liveWorkspace({
      kubeconfig: cluster.kubeconfigPath,
      cacheDir,
      files: {
        [GATEWAY]: [
          'apiVersion: networking.istio.io/v1', 'kind: Gateway', 'metadata:', '  name: public', `  namespace: ${ns}`,
          'spec:', '  selector:', '    istio: ingressgateway', '  servers:', '  - port: { number: 443, name: https, protocol: HTTPS }',
          '    hosts: ["*"]', '    tls:', '      mode: SIMPLE', '      credentialName: expired-cert', '',
        ].join('\n'),
      },
    });
    await within(10_000, 'sync', () => live.link.status().state === 'synced');
    await within(5000, 'the Secrets in the cache', () => live.workspace.index.ofKind('core/Secret').length >= 3);
  });
  after(async () => {
    await live?.close();
    await cluster?.stop();
    if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
  });

  test('derived facts reach the rules: an expired gateway certificate is reported', async () => {
    await within(5000, 'IST0161 on the gateway', () => live.findings(GATEWAY).some((f) => f.code === 'IST0161'));
    assert.match(live.findings(GATEWAY).find((f) => f.code === 'IST0161')!.message, /its certificate expired on \d{4}-\d\d-\d\dT/);
    const secret = live.workspace.index.get('core/Secret', cluster.namespace, 'expired-cert')!;
    const facts = secret.value['facts'] as { keys: string[]; certificates: { key: string; subject: string; notAfter: string }[] };
    assert.deepEqual(facts.keys, ['tls.crt', 'tls.key']);
    assert.equal(facts.certificates[0]!.subject, 'CN=apiserver-test');
    assert.equal(secret.value['data'], undefined);
  });

  test('the planted value is in no cache, index, finding, status, log or file', () => {
    const needles = [PLANTED, b64(PLANTED), b64(PLANTED).slice(0, 24), expired.key.split('\n')[1]!, b64(expired.key).slice(8, 48)];
    const places: Record<string, string> = {
      cache: JSON.stringify(live.link.cache!.snapshot()),
      index: JSON.stringify(live.workspace.index.ofKind('core/Secret')),
      findings: JSON.stringify([...live.all()]),
      status: JSON.stringify(live.link.status()),
      log: live.log.join('\n'),
    };
    const written = filesUnder(cacheDir);
    assert.ok(written.length > 0, 'the disk cache was written (CRD schemas)');
    for (const file of written) places[`disk ${path.relative(cacheDir, file)}`] = readFileSync(file, 'latin1');
    for (const [where, text] of Object.entries(places)) {
      for (const needle of needles) assert.ok(!text.includes(needle), `${where} holds secret material (${needle.slice(0, 6)}…)`);
    }
    assert.ok(places['index']!.includes('db-password') && places['index']!.includes('"password"'), 'the Secret and its key name are known');
  });
});

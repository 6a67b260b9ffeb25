/**
 * The kubeconfig a test hands to kubectl or to a Kubernetes client library.
 *
 * One cluster (plain http on loopback, or https with the server's self-signed certificate as the
 * certificate authority), one user (a static bearer token, or no credentials), one context with a
 * default namespace, made current.
 * It is written to a fresh temporary directory that `stop()` removes. On plain http the cluster
 * is marked `insecure-skip-tls-verify`, which @kubernetes/client-node requires before it will talk
 * to an http server at all.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';

/** The kubeconfig document for a server URL. */
export function kubeconfigDocument(url: string, token: string | undefined, namespace: string, ca?: string): Record<string, unknown> {
  const cluster: Record<string, string | boolean> = { server: url };
  if (ca) cluster['certificate-authority-data'] = Buffer.from(ca).toString('base64');
  // There is no TLS to verify on plain http; @kubernetes/client-node refuses an http server
  // unless the cluster says so explicitly, kubectl does not mind either way.
  else cluster['insecure-skip-tls-verify'] = true;
  return {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name: 'apiserver-test', cluster }],
    users: [{ name: 'apiserver-test', user: token ? { token } : {} }],
    contexts: [{ name: 'apiserver-test', context: { cluster: 'apiserver-test', user: 'apiserver-test', namespace } }],
    'current-context': 'apiserver-test',
  };
}

/** Writes a kubeconfig into a new temporary directory; returns its path and a cleanup function. */
export function writeKubeconfig(url: string, token: string | undefined, namespace: string, ca?: string): { path: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'apiserver-test-'));
  const file = path.join(dir, 'kubeconfig');
  writeFileSync(file, stringify(kubeconfigDocument(url, token, namespace, ca)), { mode: 0o600 });
  return { path: file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

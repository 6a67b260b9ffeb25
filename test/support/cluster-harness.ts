/**
 * A cluster for the cluster suites (test/integration/cluster/): the Kubernetes API test server on a
 * loopback port, or — when MESH_TEST_KUBECONFIG names a kubeconfig — a real cluster (kind, k3d),
 * in a fresh namespace that is deleted afterwards.
 *
 *   const cluster = await startCluster();
 *   await cluster.create([...objects]);      // in cluster.namespace unless they name one
 *   await cluster.remove(object);
 *   cluster.controls                         // fault injection: the test server only
 *   await cluster.stop();
 *
 * Objects are created and deleted over HTTP with @kubernetes/client-node in both modes, so a test
 * exercises the same path against either. Suites that inject faults (`controls`: outages, RBAC
 * denials, compaction) ask for the test server with `testServer: true` and get it in either mode,
 * since they test how we handle a cluster's failures rather than the cluster; a test that mixes
 * both skips its fault cases on a real cluster and says so (NEEDS_TEST_SERVER).
 */
import { randomBytes } from 'node:crypto';
import { startApiServer, type ApiServerControls, type ApiServerOptions, type KubeObject } from '../apiserver/index';

/** The kubeconfig of a real cluster to test against, if one is configured. */
export const REAL_KUBECONFIG: string | undefined = process.env['MESH_TEST_KUBECONFIG'] || undefined;

export interface TestCluster {
  readonly kubeconfigPath: string;
  /** The kubeconfig's current context. */
  readonly context: string;
  /** The namespace tests work in (created fresh on a real cluster). */
  readonly namespace: string;
  readonly real: boolean;
  /** Fault injection and inspection; undefined on a real cluster. */
  readonly controls: ApiServerControls | undefined;
  create(objects: readonly KubeObject[]): Promise<void>;
  remove(object: KubeObject): Promise<void>;
  /** Replaces an object (it must carry its current resourceVersion, or none). */
  replace(object: KubeObject): Promise<void>;
  /** Whether the cluster serves a kind (a real cluster may lack Istio's CRDs). */
  serves(apiVersion: string, kind: string): Promise<boolean>;
  stop(): Promise<void>;
}

/** Why a suite that needs the test server's controls is skipped, or false to run it. */
export const NEEDS_TEST_SERVER: string | false = REAL_KUBECONFIG ? 'needs the API test server\'s fault controls (MESH_TEST_KUBECONFIG is set)' : false;

export async function startCluster(options: ApiServerOptions & { namespace?: string; testServer?: boolean } = {}): Promise<TestCluster> {
  const k8s = await import('@kubernetes/client-node');
  const real = options.testServer ? undefined : REAL_KUBECONFIG;
  const server = real ? null : await startApiServer(options);
  const kubeconfigPath = real ?? server!.kubeconfigPath;
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  const api = k8s.KubernetesObjectApi.makeApiClient(kc);
  const namespace = real ? `mesh-lifecycle-test-${randomBytes(3).toString('hex')}` : (options.namespace ?? 'shop');
  const withNamespace = (o: KubeObject): KubeObject => {
    const clusterScoped = o.kind === 'Namespace' || o.kind === 'CustomResourceDefinition';
    return clusterScoped || o.metadata?.namespace ? o : { ...o, metadata: { ...o.metadata, namespace } };
  };
  const create = async (objects: readonly KubeObject[]): Promise<void> => {
    for (const o of objects) await api.create(withNamespace(o) as never);
  };
  if (namespace !== 'default') await create([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }]).catch((e: { code?: number }) => {
    if (e.code !== 409) throw e;
  });
  return {
    kubeconfigPath,
    context: kc.getCurrentContext(),
    namespace,
    real: server === null,
    controls: server?.controls,
    create,
    async remove(object) {
      await api.delete(withNamespace(object) as never);
    },
    async replace(object) {
      await api.replace(withNamespace(object) as never);
    },
    async serves(apiVersion, kind) {
      try {
        await api.list(apiVersion, kind, namespace);
        return true;
      } catch {
        return false;
      }
    },
    async stop() {
      if (server) {
        await server.stop();
        return;
      }
      await api.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } } as never).catch(() => undefined);
    },
  };
}

/** Polls until `check` holds, failing after `timeoutMs`; returns how long it took. Never a fixed sleep. */
export async function within(timeoutMs: number, what: string, check: () => boolean | Promise<boolean>): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await check()) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * The one door to @kubernetes/client-node. The package is an ES module and this project compiles
 * to CommonJS, so it is loaded with a dynamic import, once, and only when a cluster is actually
 * used: a workspace without a kubeconfig never pays for loading it.
 *
 * What the cluster module takes from it is the kubeconfig model and its authentication: client
 * certificates, bearer tokens, exec plugins and OIDC refresh all happen inside
 * `KubeConfig.applyToHTTPSOptions`, so every request we make authenticates exactly as kubectl-like
 * clients built on it do. Only the kubeconfig module is imported, not the package's index: the
 * index pulls in every generated API model (16 MB of the bundle) that we never use.
 */
import type * as ConfigModule from '@kubernetes/client-node/dist/config.js' with { 'resolution-mode': 'import' };

export type KubeConfig = ConfigModule.KubeConfig;
export type ClientNodeModule = typeof ConfigModule;

let loaded: Promise<ClientNodeModule> | null = null;

/** client-node's kubeconfig module, imported on first use. */
export function clientNode(): Promise<ClientNodeModule> {
  loaded ??= import('@kubernetes/client-node/dist/config.js');
  return loaded;
}

/**
 * The one door to @kubernetes/client-node. The package is an ES module and this project compiles
 * to CommonJS, so it is loaded with a dynamic import, once, and only when a cluster is actually
 * used: a workspace without a kubeconfig never pays for loading it.
 *
 * What the cluster module takes from it is the kubeconfig model and its authentication: client
 * certificates, bearer tokens, exec plugins and OIDC refresh all happen inside
 * `KubeConfig.applyToHTTPSOptions`, so every request we make authenticates exactly as kubectl-like
 * clients built on it do.
 */
import type * as ClientNode from '@kubernetes/client-node' with { 'resolution-mode': 'import' };

export type KubeConfig = ClientNode.KubeConfig;
export type ClientNodeModule = typeof ClientNode;

let loaded: Promise<ClientNodeModule> | null = null;

/** The client-node module, imported on first use. */
export function clientNode(): Promise<ClientNodeModule> {
  loaded ??= import('@kubernetes/client-node');
  return loaded;
}

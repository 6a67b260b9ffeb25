/**
 * Kubeconfig files, their contexts, and the context a workspace uses.
 *
 *   kubeconfigFiles(setting, env, home) -> the files to read, as kubectl picks them: the setting
 *       (or --kubeconfig), else every existing file of $KUBECONFIG, else ~/.kube/config
 *   loadKubeconfig(files)               -> one merged KubeConfig (the first file to define a
 *       name wins, as in kubectl; the current context comes from the first file naming one)
 *   contextsOf(kc)                      -> the contexts, their clusters' servers and namespaces
 *   targetFor(kc, name | null)          -> a ClusterTarget: the context (default: current), its
 *       namespace (default "default"), its server, and a KubeConfig switched to it
 *
 * Nothing here reads or returns credentials by itself: users' tokens, keys, exec plugins and OIDC
 * settings stay inside the KubeConfig object, which applies them to each request (transport.ts).
 * In particular the in-cluster service account and client-node's localhost fallback are never
 * used: with no kubeconfig file the cluster is simply off.
 */
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { clientNode, type KubeConfig } from './client-node';

/** One context, as a picker or an error message shows it. */
export interface ContextInfo {
  readonly name: string;
  readonly cluster: string;
  /** The cluster's API server URL ('' when the context names a missing cluster). */
  readonly server: string;
  /** The context's namespace, or null when it names none. */
  readonly namespace: string | null;
}

/** What the cluster module connects to: one context of one kubeconfig. */
export interface ClusterTarget {
  readonly context: string;
  /** The context's namespace (default "default"): the CLI's namespace when -n/-A are not given. */
  readonly namespace: string;
  readonly server: string;
  /** A KubeConfig whose current context is `context`; it authenticates requests. */
  readonly kubeConfig: KubeConfig;
}

/** A kubeconfig problem people can act on (no file, no such context, a broken file). */
export class KubeconfigError extends Error {}

/** The kubeconfig files to read, in kubectl's order; [] when there is none. */
export function kubeconfigFiles(setting: string | null, env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string[] {
  const fromList = (list: string): string[] => [...new Set(list.split(path.delimiter).map((f) => f.trim()).filter((f) => f !== '' && isFile(f)))];
  if (setting !== null) return fromList(setting);
  const variable = env['KUBECONFIG'];
  if (variable !== undefined && variable.trim() !== '') return fromList(variable);
  const fallback = path.join(home, '.kube', 'config');
  return isFile(fallback) ? [fallback] : [];
}

/** Reads and merges kubeconfig files; invalid entries are skipped, unreadable files are an error. */
export async function loadKubeconfig(files: readonly string[]): Promise<KubeConfig> {
  if (files.length === 0) throw new KubeconfigError('No kubeconfig file was found ($KUBECONFIG or ~/.kube/config).');
  const k8s = await clientNode();
  const parts = files.map((file) => {
    const kc = new k8s.KubeConfig();
    try {
      kc.loadFromFile(file, { onInvalidEntry: 'filter' });
    } catch (error) {
      // The message of a YAML error may quote the file; keep only its first line, which names the spot.
      throw new KubeconfigError(`The kubeconfig ${file} cannot be read: ${firstLine(error)}`);
    }
    return kc;
  });
  if (parts.length === 1) return parts[0]!;
  const firstByName = <T extends { readonly name: string }>(lists: readonly (readonly T[])[]): T[] => {
    const seen = new Map<string, T>();
    for (const list of lists) for (const item of list ?? []) if (!seen.has(item.name)) seen.set(item.name, item);
    return [...seen.values()];
  };
  const merged = new k8s.KubeConfig();
  merged.loadFromOptions({
    clusters: firstByName(parts.map((p) => p.clusters)),
    users: firstByName(parts.map((p) => p.users)),
    contexts: firstByName(parts.map((p) => p.contexts)),
    currentContext: parts.map((p) => p.currentContext).find((c) => typeof c === 'string' && c !== '') ?? '',
  });
  return merged;
}

/** Every context of a kubeconfig, sorted by name. */
export function contextsOf(kc: KubeConfig): ContextInfo[] {
  return (kc.contexts ?? [])
    .map((c) => ({ name: c.name, cluster: c.cluster, server: kc.getCluster(c.cluster)?.server ?? '', namespace: c.namespace ?? null }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The target for a context name (null: the current context). */
export async function targetFor(kc: KubeConfig, name: string | null): Promise<ClusterTarget> {
  const wanted = name ?? (kc.currentContext || null);
  const available = contextsOf(kc).map((c) => c.name);
  if (wanted === null) {
    throw new KubeconfigError(`The kubeconfig has no current context; choose one of: ${available.join(', ') || '(none)'}.`);
  }
  const context = kc.getContextObject(wanted);
  if (!context) {
    throw new KubeconfigError(`The kubeconfig has no context "${wanted}"; it has: ${available.join(', ') || '(none)'}.`);
  }
  const cluster = kc.getCluster(context.cluster);
  if (!cluster || !cluster.server) throw new KubeconfigError(`Context "${wanted}" names cluster "${context.cluster}", which the kubeconfig does not define.`);
  if (!kc.getUser(context.user) && context.user) throw new KubeconfigError(`Context "${wanted}" names user "${context.user}", which the kubeconfig does not define.`);
  // A private copy: switching its context must not switch the caller's.
  const k8s = await clientNode();
  const own = new k8s.KubeConfig();
  own.loadFromOptions({ clusters: kc.clusters, users: kc.users, contexts: kc.contexts, currentContext: wanted });
  return { context: wanted, namespace: context.namespace || 'default', server: cluster.server, kubeConfig: own };
}

/** Loads the kubeconfig for settings and picks the context: the usual one-call path. */
export async function resolveTarget(kubeconfig: string | null, context: string | null, env: NodeJS.ProcessEnv = process.env): Promise<ClusterTarget> {
  return targetFor(await loadKubeconfig(kubeconfigFiles(kubeconfig, env)), context);
}

function isFile(file: string): boolean {
  try {
    return existsSync(file) && statSync(file).isFile();
  } catch {
    return false;
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

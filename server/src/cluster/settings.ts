/**
 * The cluster settings of one workspace folder (or one CLI run), read from untrusted input.
 *
 *   meshLifecycle.cluster.enabled     true (default): use the cluster when a kubeconfig exists
 *   meshLifecycle.cluster.context     '' (default): the kubeconfig's current context
 *   meshLifecycle.cluster.namespaces  [] (default): every namespace; else only these
 *   meshLifecycle.cluster.kubeconfig  '' (default): $KUBECONFIG, else ~/.kube/config
 *
 * Pure: the editor passes the `meshLifecycle` section it pulled for a folder, the CLI its flags.
 */

/** Namespaces whose objects the cache holds: every one, or a list. */
export type NamespaceScope = 'all' | readonly string[];

export interface ClusterSettings {
  readonly enabled: boolean;
  /** The context to use; null: the kubeconfig's current context. */
  readonly context: string | null;
  readonly namespaces: NamespaceScope;
  /** Kubeconfig file(s), separated as in $KUBECONFIG; null: $KUBECONFIG, else ~/.kube/config. */
  readonly kubeconfig: string | null;
}

export const DEFAULT_CLUSTER_SETTINGS: ClusterSettings = { enabled: true, context: null, namespaces: 'all', kubeconfig: null };

/** Kubernetes namespace names are DNS labels. */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Settings from the `meshLifecycle` section (its `cluster` object, or dotted `cluster.*` keys as
 * some clients send them). Malformed values fall back to the defaults one by one.
 */
export function clusterSettingsFrom(section: unknown): ClusterSettings {
  const root = isRecord(section) ? section : {};
  const nested = isRecord(root['cluster']) ? root['cluster'] : {};
  const read = (key: string): unknown => nested[key] ?? root[`cluster.${key}`];
  const enabled = read('enabled');
  const context = read('context');
  const kubeconfig = read('kubeconfig');
  return {
    enabled: typeof enabled === 'boolean' ? enabled : DEFAULT_CLUSTER_SETTINGS.enabled,
    context: typeof context === 'string' && context.trim() !== '' ? context.trim() : null,
    namespaces: namespaceScope(read('namespaces')),
    kubeconfig: typeof kubeconfig === 'string' && kubeconfig.trim() !== '' ? kubeconfig.trim() : null,
  };
}

/** A namespace list from a setting: valid names, deduplicated and sorted; none (or '*') means all. */
export function namespaceScope(raw: unknown): NamespaceScope {
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [];
  const names = [...new Set(list.filter((n): n is string => typeof n === 'string').map((n) => n.trim()))];
  if (names.includes('*')) return 'all';
  const valid = names.filter((n) => NAMESPACE.test(n)).sort();
  return valid.length === 0 ? 'all' : valid;
}

/** Whether two settings lead to the same connection and cache (so a settings change can be ignored). */
export function sameClusterSettings(a: ClusterSettings, b: ClusterSettings): boolean {
  return a.enabled === b.enabled && a.context === b.context && a.kubeconfig === b.kubeconfig
    && (a.namespaces === 'all' ? b.namespaces === 'all' : b.namespaces !== 'all' && a.namespaces.join(',') === b.namespaces.join(','));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

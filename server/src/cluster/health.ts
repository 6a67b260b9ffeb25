/**
 * The cluster's health in one line for people, from the state of every kind the cache follows.
 * Pure: kind states in, a ClusterStatus out, so every wording is pinned by a table test.
 *
 *   kind state      meaning
 *   pending         not started (discovery has not answered yet)
 *   syncing         the first list is running
 *   synced          listed, and the watch is up (or the one-shot list is done)
 *   stale           listed once, now retrying: the cache holds the last state seen
 *   retrying        never listed, retrying after a failure
 *   denied          401/403: the user may not read it (retried slowly; files are still checked)
 *   not-served      the cluster has no such API: it holds none of them
 *
 *   overall         when
 *   disabled        no cluster (setting off, or no kubeconfig)
 *   error           the kubeconfig cannot be used (no such context, unreadable file)
 *   connecting      nothing listed yet and nothing failed yet
 *   offline         every readable kind is failing for a reason other than permissions
 *                   (unreachable, or answering with what is not a Kubernetes API response)
 *   degraded        something is denied or failing while the rest works
 *   synced          every kind is synced or not served
 */
import type { Kind } from '../model/kinds';

export type KindSyncState = 'pending' | 'syncing' | 'synced' | 'stale' | 'retrying' | 'denied' | 'not-served';
export type ClusterState = 'disabled' | 'error' | 'connecting' | 'offline' | 'degraded' | 'synced';

export interface KindHealth {
  readonly kind: Kind;
  readonly state: KindSyncState;
  /** Objects cached. */
  readonly objects: number;
  /** The current problem, in plain words (problems.ts). */
  readonly problem?: string;
  /** Whether the problem is about access (401/403) rather than reachability. */
  readonly access?: boolean;
  /** Whether the server answered, but with something that is not a Kubernetes API response. */
  readonly malformed?: boolean;
}

export interface HealthInput {
  readonly context: string;
  readonly server: string;
  readonly kinds: readonly KindHealth[];
  /** The most recent problem seen, even if it is over, with when (epoch ms). */
  readonly lastProblem?: { readonly text: string; readonly at: number };
  /** A problem with schemas (CRD discovery), reported but not fatal. */
  readonly schemaProblem?: string;
  /** The cluster's CRD schemas are still being read (the overall state is not synced before they are). */
  readonly schemasPending?: boolean;
}

export interface ClusterStatus {
  readonly context: string | null;
  readonly server?: string;
  readonly state: ClusterState;
  /** One or two sentences for the status item. */
  readonly message: string;
  readonly kinds: readonly KindHealth[];
  readonly objects: number;
  readonly lastProblem?: { readonly text: string; readonly at: number };
}

export function disabledStatus(reason: string): ClusterStatus {
  return { context: null, state: 'disabled', message: reason, kinds: [], objects: 0 };
}

export function errorStatus(context: string | null, message: string): ClusterStatus {
  return { context, state: 'error', message, kinds: [], objects: 0 };
}

/** Summarises kind states into one status. */
export function summarise(input: HealthInput): ClusterStatus {
  const { context, kinds } = input;
  const objects = kinds.reduce((n, k) => n + k.objects, 0);
  const base = { context, server: input.server, kinds, objects, ...(input.lastProblem ? { lastProblem: input.lastProblem } : {}) };
  const readable = kinds.filter((k) => k.state !== 'not-served' && k.state !== 'denied');
  const failing = kinds.filter((k) => (k.state === 'stale' || k.state === 'retrying') && !k.access);
  const denied = kinds.filter((k) => k.state === 'denied' || ((k.state === 'stale' || k.state === 'retrying') && k.access));
  const settled = kinds.filter((k) => k.state === 'synced' || k.state === 'not-served');
  const schemaNote = input.schemaProblem ? ` Schemas: ${input.schemaProblem}.` : '';

  if (readable.length > 0 && failing.length === readable.length) {
    const problem = failing.find((k) => k.problem)?.problem ?? 'no answer';
    const stale = failing.some((k) => k.state === 'stale');
    // A server that answers with garbage is reachable; "unreachable" would send people to the network.
    const what = failing.every((k) => k.malformed) ? 'does not answer as a Kubernetes API server' : 'is unreachable';
    return {
      ...base,
      state: 'offline',
      message: `Cluster "${context}" ${what}: ${problem}. Retrying; ${stale ? 'files are checked against its last known state' : 'files are checked without it'}.`,
    };
  }
  if (kinds.length === 0 || (failing.length === 0 && denied.length === 0 && settled.length < kinds.length)) {
    const pending = kinds.filter((k) => k.state === 'pending' || k.state === 'syncing').length;
    return { ...base, state: 'connecting', message: `Connecting to cluster "${context}"${kinds.length > 0 ? ` (${kinds.length - pending} of ${kinds.length} kinds synced)` : ''}…${schemaNote}` };
  }
  if (denied.length > 0 || failing.length > 0) {
    const parts: string[] = [];
    const reasons = uniqueProblems([...denied, ...failing]);
    const anySynced = kinds.some((k) => k.state === 'synced');
    parts.push(anySynced
      ? `Synced with cluster "${context}" except ${count(denied.length + failing.length, 'kind')}: ${reasons.join('; ')}.`
      : `Cannot read from cluster "${context}": ${reasons.join('; ')}.`);
    parts.push(!anySynced ? 'Files are checked without it.' : denied.length > 0 ? 'Checks that need them are skipped; file findings are unaffected.' : 'Retrying.');
    return { ...base, state: 'degraded', message: parts.join(' ') + schemaNote };
  }
  if (input.schemasPending) {
    return { ...base, state: 'connecting', message: `Connecting to cluster "${context}" (${kinds.length} of ${kinds.length} kinds synced, reading its CRD schemas)…` };
  }
  const notServed = kinds.filter((k) => k.state === 'not-served').length;
  const served = kinds.length - notServed;
  return {
    ...base,
    state: 'synced',
    message: `Synced with cluster "${context}": ${count(objects, 'object')} of ${count(served, 'kind')}${notServed > 0 ? ` (${notServed} more not served by this cluster)` : ''}.${schemaNote}`,
  };
}

/** Distinct problem texts, most common first; at most three, then "and N more". */
function uniqueProblems(kinds: readonly KindHealth[]): string[] {
  const counts = new Map<string, number>();
  for (const k of kinds) {
    const text = k.problem ?? `${k.kind}: no answer yet`;
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => t);
  return sorted.length > 3 ? [...sorted.slice(0, 3), `and ${sorted.length - 3} more`] : sorted;
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

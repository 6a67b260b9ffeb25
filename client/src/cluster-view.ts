/**
 * What the cluster status item shows, folded from every folder's `meshLifecycle/clusterStatus`.
 * Pure (no `vscode` import), so the wording is tested without an editor.
 *
 * One folder: its context, state and message. Several: the one in the worst state, with how many
 * folders there are, since a single status item cannot show them all and the worst is what needs
 * attention.
 */
import type { ClusterState, ClusterStatusParams } from '../../server/src/protocol';

export interface ClusterView {
  readonly text: string;
  readonly detail: string;
  readonly severity: 'information' | 'warning' | 'error';
  readonly busy: boolean;
}

/** Worst first. */
const RANK: readonly ClusterState[] = ['error', 'offline', 'degraded', 'connecting', 'synced', 'disabled'];

const WORDS: Readonly<Record<ClusterState, string>> = {
  error: 'not configured',
  offline: 'unreachable',
  degraded: 'partly synced',
  connecting: 'connecting',
  synced: 'synced',
  disabled: 'off',
};

export function clusterView(statuses: readonly ClusterStatusParams[]): ClusterView {
  if (statuses.length === 0) return { text: 'Cluster: off', detail: 'No workspace folder uses a cluster.', severity: 'information', busy: false };
  const worst = [...statuses].sort((a, b) => RANK.indexOf(a.state) - RANK.indexOf(b.state))[0]!;
  const name = worst.context ? `Cluster ${worst.context}` : 'Cluster';
  const folders = statuses.length > 1 ? ` (${statuses.filter((s) => s.state === worst.state).length} of ${statuses.length} folders)` : '';
  const last = worst.lastProblem && worst.state === 'synced' ? ` Last problem, at ${worst.lastProblem.at.slice(11, 19)} UTC: ${worst.lastProblem.message}.` : '';
  return {
    text: `${name}: ${WORDS[worst.state]}`,
    detail: `${worst.message}${folders}${last}`,
    severity: worst.state === 'error' || worst.state === 'offline' ? 'error' : worst.state === 'degraded' ? 'warning' : 'information',
    busy: worst.state === 'connecting',
  };
}

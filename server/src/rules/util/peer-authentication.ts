/**
 * Which PeerAuthentication decides the mTLS mode of a server workload's port, the way Istio
 * resolves it: a workload-level policy (a selector in the workload's namespace) over the
 * namespace-level policy (no selector) over the mesh-wide policy (no selector, in the root
 * namespace), with `UNSET` inheriting from the next level, a workload policy's `portLevelMtls`
 * (keyed by the workload's container port) overriding its own mode for that port, and PERMISSIVE
 * when nothing sets a mode.
 *
 * Pod labels are often not known exactly. A workload is described by labels it certainly carries
 * (`exact: false`: the Service selector and subset labels) or by its full label set (a known Pod
 * or Deployment template, `exact: true`). When a workload-level policy might or might not select
 * the workload, or two policies at one level disagree (Istio would pick the oldest, which files do
 * not show), the answer is undefined: the caller says nothing rather than guess.
 */
import { K } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import type { ResourceIndex } from '../../model/resource-index';
import type { Path } from '../../parse/types';
import { asObject, asString, isObject, specOf, stringMap } from './values';

/** A server-side mTLS mode in force. */
export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

/** The mode in force and the policy (and path) that set it; no policy means Istio's default. */
export interface MtlsDecision {
  readonly mode: MtlsMode;
  readonly policy?: Resource;
  readonly path?: Path;
}

/** What is known of a workload's labels (see the module comment). */
export interface WorkloadLabels {
  readonly labels: Readonly<Record<string, string>>;
  readonly exact: boolean;
}

const MODES: ReadonlySet<string> = new Set(['STRICT', 'PERMISSIVE', 'DISABLE']);

function selectorLabels(pa: Resource): Readonly<Record<string, string>> {
  return stringMap(asObject(specOf(pa)['selector'])['matchLabels']);
}

function hasSelector(pa: Resource): boolean {
  return Object.keys(selectorLabels(pa)).length > 0;
}

/** Whether a policy selects the workload: 'yes', 'no', or 'unknown' with partial labels. */
function selects(pa: Resource, workload: WorkloadLabels): 'yes' | 'no' | 'unknown' {
  let unknown = false;
  for (const [k, v] of Object.entries(selectorLabels(pa))) {
    const have = workload.labels[k];
    if (have === v) continue;
    if (have !== undefined || workload.exact) return 'no';
    unknown = true;
  }
  return unknown ? 'unknown' : 'yes';
}

/** A policy's own setting for a port: port-level first, then its mode; undefined when UNSET. */
function ownSetting(pa: Resource, targetPort: number | undefined): { mode: MtlsMode; path: Path } | undefined {
  const spec = specOf(pa);
  const portLevel = asObject(spec['portLevelMtls']);
  if (targetPort !== undefined && isObject(portLevel[String(targetPort)])) {
    const mode = asString(asObject(portLevel[String(targetPort)])['mode']);
    if (mode !== undefined && MODES.has(mode)) return { mode: mode as MtlsMode, path: ['spec', 'portLevelMtls', String(targetPort), 'mode'] };
  }
  const mode = asString(asObject(spec['mtls'])['mode']);
  return mode !== undefined && MODES.has(mode) ? { mode: mode as MtlsMode, path: ['spec', 'mtls', 'mode'] } : undefined;
}

type Level = { decided: MtlsDecision } | 'inherit' | 'unknown';

/** The one setting of several policies at one level; 'unknown' when they disagree. */
function levelSetting(policies: readonly Resource[], targetPort: number | undefined): Level {
  const settings = policies.map((pa) => ({ pa, s: ownSetting(pa, targetPort) }));
  const set = settings.filter((x) => x.s !== undefined);
  if (settings.length > 1 && new Set(settings.map((x) => x.s?.mode ?? 'UNSET')).size > 1) return 'unknown';
  const first = set[0];
  return first ? { decided: { mode: first.s!.mode, policy: first.pa, path: first.s!.path } } : 'inherit';
}

/**
 * The mTLS mode in force for a workload of `namespace` on container port `targetPort`
 * (undefined: not known, which is fine unless a selecting policy sets port-level modes).
 * Reads PeerAuthentications and the mesh config (for the root namespace).
 */
export function mtlsModeFor(index: ResourceIndex, namespace: string, workload: WorkloadLabels, targetPort: number | undefined): MtlsDecision | undefined {
  const root = index.meshConfig.rootNamespace;
  const all = index.ofKind(K.PeerAuthentication);
  const local = all.filter((pa) => pa.namespace === namespace);
  const selecting: Resource[] = [];
  for (const pa of local.filter(hasSelector)) {
    const s = selects(pa, workload);
    if (s === 'unknown') return undefined;
    if (s === 'yes') selecting.push(pa);
  }
  if (targetPort === undefined && selecting.some((pa) => Object.keys(asObject(specOf(pa)['portLevelMtls'])).length > 0)) return undefined;
  const levels: Resource[][] = [
    selecting,
    local.filter((pa) => !hasSelector(pa)),
    namespace === root ? [] : all.filter((pa) => pa.namespace === root && !hasSelector(pa)),
  ];
  for (const [i, policies] of levels.entries()) {
    if (policies.length === 0) continue;
    // Port-level modes exist only on workload-level policies (Istio rejects them elsewhere).
    const level = levelSetting(policies, i === 0 ? targetPort : undefined);
    if (level === 'unknown') return undefined;
    if (level !== 'inherit') return level.decided;
  }
  return { mode: 'PERMISSIVE' };
}

/**
 * The labels a workload is selected by, as Istio sees a Pod: its own labels plus the topology
 * labels Istio adds from the node it runs on (region, zone, subzone and hostname), so that a
 * DestinationRule subset may select by locality.
 */
import type { Kind } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import type { ResourceIndex } from '../../model/resource-index';
import { labelsOf, specOf, asString } from './values';

/** Nodes are cluster objects; rules that read them declare this kind. */
export const NODE_KIND: Kind = 'core/Node';

const REGION = 'topology.kubernetes.io/region';
const ZONE = 'topology.kubernetes.io/zone';
const SUBZONE = 'topology.istio.io/subzone';
const HOSTNAME = 'kubernetes.io/hostname';

/** A Pod's labels with its node's topology added (the node's values win, as in Istio). */
export function workloadLabels(pod: Resource, index: ResourceIndex): Record<string, string> {
  const out = { ...labelsOf(pod) };
  const nodeName = asString(specOf(pod)['nodeName']);
  if (!nodeName) return out;
  const node = index.get(NODE_KIND, '', nodeName);
  if (node) {
    const nodeLabels = labelsOf(node);
    for (const key of [REGION, ZONE, SUBZONE]) {
      const v = nodeLabels[key];
      if (v) out[key] = v;
    }
  }
  out[HOSTNAME] = nodeName;
  return out;
}

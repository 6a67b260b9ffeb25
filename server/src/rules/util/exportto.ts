/**
 * `exportTo` visibility of VirtualServices, DestinationRules, ServiceEntries and Services.
 *
 * Values: "." the resource's own namespace, "*" every namespace, "~" no namespace, anything else
 * a namespace name. An absent or empty list means the mesh default (MeshConfig
 * `defaultVirtualServiceExportTo` and friends, themselves "*" by default), so reading visibility
 * reads the mesh config: rules that call this declare `K.MeshConfig` in their reads.
 *
 * Services carry the list in the `networking.istio.io/exportTo` annotation (comma-separated).
 * A DestinationRule always applies in its own namespace, whatever its exportTo says (Istio
 * merges a namespace's local rules first).
 */
import { K } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import type { ResourceIndex } from '../../model/resource-index';
import { annotationsOf, asStrings, specOf } from './values';

export const EXPORT_TO_ANNOTATION = 'networking.istio.io/exportTo';

const MESH_DEFAULT_FIELD: Readonly<Record<string, string>> = {
  [K.VirtualService]: 'defaultVirtualServiceExportTo',
  [K.DestinationRule]: 'defaultDestinationRuleExportTo',
  [K.ServiceEntry]: 'defaultServiceExportTo',
  [K.Service]: 'defaultServiceExportTo',
};

/** The effective exportTo list of a resource (its own, else the mesh default, else ["*"]). */
export function exportToOf(resource: Resource, index: ResourceIndex): readonly string[] {
  const own = resource.kind === K.Service
    ? (annotationsOf(resource)[EXPORT_TO_ANNOTATION] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '')
    : asStrings(specOf(resource)['exportTo']);
  if (own.length > 0) return own;
  const field = MESH_DEFAULT_FIELD[resource.kind];
  const meshDefault = field ? asStrings(index.meshConfig.raw[field]) : [];
  return meshDefault.length > 0 ? meshDefault : ['*'];
}

/** Whether a resource is visible to (applies in) a namespace. */
export function isVisibleFrom(resource: Resource, namespace: string, index: ResourceIndex): boolean {
  if (resource.kind === K.DestinationRule && resource.namespace === namespace) return true;
  return exportToAllows(exportToOf(resource, index), resource.namespace, namespace);
}

/** The visibility rule on an explicit list (see the module comment). */
export function exportToAllows(exportTo: readonly string[], ownNamespace: string, namespace: string): boolean {
  if (exportTo.includes('~')) return false;
  return exportTo.some((e) => e === '*' || (e === '.' ? ownNamespace === namespace : e === namespace));
}

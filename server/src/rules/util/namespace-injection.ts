/**
 * The injection state of each Namespace as Istio's injection analyzer reads it: which injection
 * labels a namespace carries, whether they conflict, and whether its pods must have a sidecar.
 */
import { K } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import type { ResourceIndex } from '../../model/resource-index';
import {
  DATAPLANE_MODE_LABEL,
  INJECTION_ENABLED,
  INJECTION_LABEL,
  REVISION_LABEL,
  enableNamespacesByDefault,
  injectorConfigMapName,
  injectorValues,
} from './sidecar-injection';
import { labelsOf } from './values';

/** What one namespace says about injection. */
export interface NamespaceInjection {
  readonly namespace: Resource;
  readonly name: string;
  /**
   * The injection-related labels that are in force together, as `key=value`. The legacy label
   * with any value other than `enabled` switches the others off, so they do not count then.
   */
  readonly activeLabels: readonly string[];
  /** No injection label at all (`istio-injection` absent or empty, `istio.io/rev` absent). */
  readonly unlabelled: boolean;
  /** The namespace is enrolled in the ambient data plane. */
  readonly ambient: boolean;
  /** `istio-injection=enabled`: every pod here must carry a sidecar. */
  readonly sidecarEnabled: boolean;
  /** The injector of this namespace's revision injects unlabelled namespaces by default. */
  readonly injectedByDefault: boolean;
}

/** The namespace Istio itself is installed in, which the injection checks leave alone. */
const ISTIO_SYSTEM = 'istio-system';

/** The injection state of every known Namespace except istio-system, in index order. */
export function namespaceInjections(index: ResourceIndex): NamespaceInjection[] {
  const out: NamespaceInjection[] = [];
  for (const namespace of index.ofKind(K.Namespace)) {
    const name = namespace.name;
    if (name === ISTIO_SYSTEM) continue;
    const labels = labelsOf(namespace);
    const legacy = labels[INJECTION_LABEL];
    const hasLegacy = INJECTION_LABEL in labels;
    const revision = labels[REVISION_LABEL];
    const hasRevision = REVISION_LABEL in labels;
    const activeLabels: string[] = [];
    if (hasLegacy) activeLabels.push(`${INJECTION_LABEL}=${legacy}`);
    for (const key of [REVISION_LABEL, DATAPLANE_MODE_LABEL]) {
      if (key in labels && (!hasLegacy || legacy === INJECTION_ENABLED)) activeLabels.push(`${key}=${labels[key]}`);
    }
    const ambient = labels[DATAPLANE_MODE_LABEL] === 'ambient';
    out.push({
      namespace,
      name,
      activeLabels,
      unlabelled: (legacy ?? '') === '' && !hasRevision,
      ambient,
      sidecarEnabled: !ambient && legacy === INJECTION_ENABLED,
      injectedByDefault: injectorEnablesByDefault(index, revision ?? ''),
    });
  }
  return out;
}

function injectorEnablesByDefault(index: ResourceIndex, revision: string): boolean {
  const wanted = injectorConfigMapName(revision);
  const configMap = index.ofKind(K.ConfigMap).find((cm) => cm.name === wanted);
  return configMap ? enableNamespacesByDefault(injectorValues(configMap)) : false;
}

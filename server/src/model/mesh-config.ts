/**
 * The parts of Istio's MeshConfig that analysis reads, with Istio's defaults. A `--mesh-config`
 * file (or the cluster's istio ConfigMap, later) overlays these.
 */
import { parse as parseYaml } from 'yaml';

export interface MeshConfig {
  readonly rootNamespace: string;
  readonly ingressService: string;
  readonly ingressSelector: string;
  readonly ingressControllerMode: string;
  readonly enableAutoMtls: boolean;
  /** The whole parsed document, for rules that read fields not listed above. */
  readonly raw: Readonly<Record<string, unknown>>;
}

export const DEFAULT_MESH_CONFIG: MeshConfig = {
  rootNamespace: 'istio-system',
  ingressService: 'istio-ingressgateway',
  ingressSelector: 'ingressgateway',
  ingressControllerMode: 'STRICT',
  enableAutoMtls: true,
  raw: {},
};

/**
 * Overlays a parsed mesh config onto Istio's defaults. Accepts a MeshConfig mapping (what
 * `istioctl analyze --meshConfigFile` reads) or the `istio` ConfigMap that carries it as the
 * string `data.mesh`. Fields of the wrong type keep their defaults; `raw` is the whole mapping,
 * for rules that read fields not typed above.
 */
export function meshConfigFrom(input: unknown): MeshConfig {
  const raw = unwrapConfigMap(input);
  const str = (key: keyof MeshConfig, fallback: string): string => {
    const v = raw[key];
    return typeof v === 'string' && v !== '' ? v : fallback;
  };
  const enableAutoMtls = raw['enableAutoMtls'];
  return {
    rootNamespace: str('rootNamespace', DEFAULT_MESH_CONFIG.rootNamespace),
    ingressService: str('ingressService', DEFAULT_MESH_CONFIG.ingressService),
    ingressSelector: str('ingressSelector', DEFAULT_MESH_CONFIG.ingressSelector),
    ingressControllerMode: str('ingressControllerMode', DEFAULT_MESH_CONFIG.ingressControllerMode),
    enableAutoMtls: typeof enableAutoMtls === 'boolean' ? enableAutoMtls : DEFAULT_MESH_CONFIG.enableAutoMtls,
    raw,
  };
}

function unwrapConfigMap(input: unknown): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return {};
  const record = input as Record<string, unknown>;
  const data = record['data'];
  if (record['kind'] === 'ConfigMap' && typeof data === 'object' && data !== null) {
    const mesh = (data as Record<string, unknown>)['mesh'];
    if (typeof mesh === 'string') {
      try {
        return unwrapConfigMap(parseYaml(mesh));
      } catch {
        return {};
      }
    }
  }
  return record;
}

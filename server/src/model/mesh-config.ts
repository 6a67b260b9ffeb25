/**
 * The parts of Istio's MeshConfig that analysis reads, with Istio's defaults. A `--mesh-config`
 * file (or the cluster's istio ConfigMap, later) overlays these.
 */
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

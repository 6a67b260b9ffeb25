/**
 * A network in the mesh-networks configuration whose endpoints come `fromRegistry` a registry
 * Istio does not have: not one of its built-in registries and not a remote cluster registered by
 * a multi-cluster secret.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { secretKeys } from './util/secret-facts';
import { asArray, asObject, asString, labelsOf } from './util/values';

/** Registries every istiod has. */
const BUILT_IN_REGISTRIES: readonly string[] = ['Kubernetes', 'External', 'Mock'];

/** The label that marks a Secret as the kubeconfig of a remote cluster. */
const MULTICLUSTER_SECRET_LABEL = 'istio/multiCluster';

export default defineRule({
  code: 'IST0126',
  istioName: 'UnknownMeshNetworksServiceRegistry',
  istioAnalyzer: 'meshnetworks.MeshNetworksAnalyzer',
  name: 'meshnetworks-unknown-registry',
  severity: 'error',
  reads: [K.MeshNetworks, K.Secret],
  docs: {
    summary: 'Mesh networks take endpoints only from service registries Istio has.',
    rationale:
      'A network whose fromRegistry names no known registry (a cluster ID with a typo, or a remote cluster whose secret is missing) gets no endpoints, so cross-network traffic to it has nowhere to go.',
    seeAlso: ['istioctl analyze IST0126', 'https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshNetworks'],
  },
  messages: {
    unknown: 'Network "{network}" takes endpoints from the registry "{registry}", which is neither built in nor a cluster registered by a multi-cluster secret.',
  },
  check({ index, report }) {
    const known = new Set(BUILT_IN_REGISTRIES);
    for (const secret of index.ofKind(K.Secret)) {
      if (labelsOf(secret)[MULTICLUSTER_SECRET_LABEL] !== 'true') continue;
      // Each key of a multi-cluster secret is the ID of a cluster it registers.
      for (const cluster of secretKeys(secret)) known.add(cluster);
    }
    for (const networks of index.ofKind(K.MeshNetworks)) {
      for (const [network, raw] of Object.entries(asObject(networks.value['networks']))) {
        asArray(asObject(raw)['endpoints']).forEach((endpoint, j) => {
          const registry = asString(asObject(endpoint)['fromRegistry']);
          if (registry === undefined || known.has(registry)) return;
          report({
            subject: networks.key,
            path: ['networks', network, 'endpoints', j, 'fromRegistry'],
            messageId: 'unknown',
            data: { network, registry },
          });
        });
      }
    }
  },
});

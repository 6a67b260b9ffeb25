/**
 * The built-in kinds this server serves, with the facts discovery reports about them.
 *
 * Schemas: where the project generates one (schemas/kubernetes/, listed in schemas/index.json) the
 * built-in kind is validated and pruned with it, after adding the list-merge markers the generated
 * schemas lack (LIST_RULES, the merge keys Kubernetes declares on those fields). Lease, Endpoints
 * and CustomResourceDefinition have small schemas written here; CRDs get extra structural checks
 * in crds.ts.
 */
import { annotateLists, type ListRule, type Schema } from './schemainfo';
import { STANDARD_VERBS, type ResourceType } from './resources';

/** Merge keys of the lists of the built-in kinds, by property name (see schemainfo.annotateLists). */
export const LIST_RULES: Readonly<Record<string, readonly ListRule[]>> = {
  containers: [{ keys: ['name'] }],
  initContainers: [{ keys: ['name'] }],
  ephemeralContainers: [{ keys: ['name'] }],
  env: [{ keys: ['name'] }],
  volumes: [{ keys: ['name'] }],
  volumeMounts: [{ keys: ['mountPath'] }],
  volumeDevices: [{ keys: ['devicePath'] }],
  imagePullSecrets: [{ keys: ['name'] }],
  hostAliases: [{ keys: ['ip'] }],
  resourceClaims: [{ keys: ['name'] }],
  schedulingGates: [{ keys: ['name'] }],
  topologySpreadConstraints: [{ keys: ['topologyKey', 'whenUnsatisfiable'] }],
  conditions: [{ keys: ['type'] }],
  ports: [
    { keys: ['containerPort', 'protocol'], when: 'containerPort' },
    { keys: ['port', 'protocol'], when: 'targetPort' },
  ],
  finalizers: [{ keys: 'set' }],
};

const str = { type: 'string' };
const int = { type: 'integer' };
const open = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

const LEASE_SCHEMA: Schema = {
  type: 'object',
  properties: {
    apiVersion: str,
    kind: str,
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      properties: {
        holderIdentity: str,
        leaseDurationSeconds: int,
        acquireTime: str,
        renewTime: str,
        leaseTransitions: int,
        strategy: str,
        preferredHolder: str,
      },
    },
  },
};

const ENDPOINTS_SCHEMA: Schema = {
  type: 'object',
  properties: {
    apiVersion: str,
    kind: str,
    metadata: { type: 'object' },
    subsets: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          addresses: { type: 'array', items: open },
          notReadyAddresses: { type: 'array', items: open },
          ports: {
            type: 'array',
            items: { type: 'object', properties: { name: str, port: int, protocol: str, appProtocol: str }, required: ['port'] },
          },
        },
      },
    },
  },
};

const CRD_SCHEMA: Schema = {
  type: 'object',
  properties: {
    apiVersion: str,
    kind: str,
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      required: ['group', 'names', 'scope', 'versions'],
      properties: {
        group: str,
        names: {
          type: 'object',
          required: ['plural', 'kind'],
          properties: {
            plural: str,
            singular: str,
            kind: str,
            listKind: str,
            shortNames: { type: 'array', items: str },
            categories: { type: 'array', items: str },
          },
        },
        scope: { type: 'string', enum: ['Namespaced', 'Cluster'] },
        versions: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: open,
        },
        conversion: open,
        preserveUnknownFields: { type: 'boolean' },
      },
    },
    status: open,
  },
};

const ACCESS_REVIEW_SCHEMA: Schema = {
  type: 'object',
  properties: { apiVersion: str, kind: str, metadata: { type: 'object' }, spec: open, status: open },
};

/** A built-in row: what differs between built-in resources. */
interface Row {
  group: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  status?: boolean;
  scale?: boolean;
  returnDeletedObject?: boolean;
  generation?: boolean;
  /** Schema file under schemas/ (from index.json), or a schema written here. */
  schema?: Schema;
  verbs?: string[];
  virtual?: boolean;
}

const ROWS: readonly Row[] = [
  { group: '', kind: 'Namespace', plural: 'namespaces', namespaced: false, shortNames: ['ns'], status: true, returnDeletedObject: true },
  { group: '', kind: 'Service', plural: 'services', namespaced: true, shortNames: ['svc'], categories: ['all'], status: true },
  { group: '', kind: 'Pod', plural: 'pods', namespaced: true, shortNames: ['po'], categories: ['all'], status: true, returnDeletedObject: true },
  { group: '', kind: 'Secret', plural: 'secrets', namespaced: true },
  { group: '', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, shortNames: ['cm'] },
  { group: '', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true, shortNames: ['sa'], returnDeletedObject: true },
  { group: '', kind: 'Endpoints', plural: 'endpoints', namespaced: true, shortNames: ['ep'], schema: ENDPOINTS_SCHEMA },
  { group: 'apps', kind: 'Deployment', plural: 'deployments', namespaced: true, shortNames: ['deploy'], categories: ['all'], status: true, scale: true, generation: true },
  { group: 'discovery.k8s.io', kind: 'EndpointSlice', plural: 'endpointslices', namespaced: true },
  { group: 'coordination.k8s.io', kind: 'Lease', plural: 'leases', namespaced: true, schema: LEASE_SCHEMA },
  {
    group: 'apiextensions.k8s.io',
    kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    status: true,
    returnDeletedObject: true,
    generation: true,
    schema: CRD_SCHEMA,
  },
  {
    group: 'authorization.k8s.io',
    kind: 'SelfSubjectAccessReview',
    plural: 'selfsubjectaccessreviews',
    namespaced: false,
    verbs: ['create'],
    virtual: true,
    schema: ACCESS_REVIEW_SCHEMA,
  },
];

/** The version each built-in group serves. */
const VERSION: Record<string, string> = {
  '': 'v1',
  apps: 'v1',
  'discovery.k8s.io': 'v1',
  'coordination.k8s.io': 'v1',
  'apiextensions.k8s.io': 'v1',
  'authorization.k8s.io': 'v1',
};

/**
 * The built-in resource types. `generated` maps `<apiVersion>/<Kind>` to a schema from
 * schemas/kubernetes/ (already parsed; it is annotated in place with list markers).
 */
export function builtinResources(generated: ReadonlyMap<string, Schema>): ResourceType[] {
  return ROWS.map((row) => {
    const version = VERSION[row.group];
    const apiVersion = row.group ? `${row.group}/${version}` : version;
    const schema = row.schema ?? generated.get(`${apiVersion}/${row.kind}`);
    if (schema && !row.schema) annotateLists(schema, LIST_RULES);
    const rt: ResourceType = {
      group: row.group,
      version,
      kind: row.kind,
      listKind: `${row.kind}List`,
      plural: row.plural,
      singular: row.kind.toLowerCase(),
      namespaced: row.namespaced,
      shortNames: row.shortNames ?? [],
      categories: row.categories ?? [],
      verbs: row.verbs ?? STANDARD_VERBS,
      status: row.status ?? false,
      storageKey: `${row.group}/${row.plural}`,
      builtin: true,
      returnDeletedObject: row.returnDeletedObject ?? false,
      generation: row.generation ?? false,
      virtual: row.virtual,
      schema,
    };
    if (row.scale) rt.scale = { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' };
    return rt;
  });
}

/** Namespaces every cluster starts with. */
export const INITIAL_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

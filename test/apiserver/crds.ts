/**
 * CustomResourceDefinitions: from CRD object to served resources, and back from the project index.
 *
 * A CRD is an ordinary stored object of apiextensions.k8s.io/v1. Creating or updating one registers
 * a ResourceType per served version (resourcesFromCrd); deleting one unregisters them and deletes
 * the custom resources (http-side, see handlers). The CRD's status is filled in immediately
 * (NamesAccepted and Established true, acceptedNames, storedVersions): there is no controller
 * delay, so `kubectl wait --for condition=established` returns at once.
 *
 * At startup, the project's schemas/index.json is turned into CRD objects (crdsFromIndex): one CRD
 * per (group, plural), one version per index entry, the entry's openAPIV3Schema file as the schema.
 * Gateway API ships two channels of the same CRDs; the server serves one of them (option
 * `gatewayApiChannel`, default experimental, which accepts every standard field too).
 */
import { CRD_NAMES } from './crdnames';
import { compareVersions, STANDARD_VERBS, type PrinterColumn, type ResourceType } from './resources';
import type { Schema } from './schemainfo';
import type { StatusCause } from './status';
import { isMap, nowTimestamp, type JsonMap, type KubeObject } from './types';

/** One entry of schemas/index.json (the fields this server reads). */
export interface IndexEntry {
  group: string;
  version: string;
  kind: string;
  plural: string;
  listKind: string;
  scope: 'Namespaced' | 'Cluster';
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string | null;
  mesh?: string;
  channel?: string | null;
  subresources?: JsonMap | null;
  printerColumns?: PrinterColumn[] | null;
  file: string | null;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Builds CRD objects from index entries. `loadSchema` reads a schema file relative to schemas/. */
export function crdsFromIndex(entries: readonly IndexEntry[], loadSchema: (file: string) => Schema, channel: string): KubeObject[] {
  const byCrd = new Map<string, IndexEntry[]>();
  for (const e of entries) {
    if (e.mesh === 'kubernetes' || !e.group) continue;
    if (e.channel && e.channel !== channel) continue;
    const name = `${e.plural}.${e.group}`;
    if (!byCrd.has(name)) byCrd.set(name, []);
    byCrd.get(name)!.push(e);
  }
  const crds: KubeObject[] = [];
  for (const [name, list] of byCrd) {
    const first = list[0];
    const extra = CRD_NAMES[name] ?? {};
    const names: JsonMap = { plural: first.plural, singular: extra.singular ?? first.kind.toLowerCase(), kind: first.kind, listKind: first.listKind };
    if (extra.shortNames) names.shortNames = [...extra.shortNames];
    if (extra.categories) names.categories = [...extra.categories];
    const sorted = [...list].sort((a, b) => compareVersions(a.version, b.version));
    if (!sorted.some((e) => e.storage)) sorted[0] = { ...sorted[0], storage: true };
    const versions = sorted.map((e) => {
      const v: JsonMap = { name: e.version, served: e.served, storage: e.storage };
      if (e.deprecated) v.deprecated = true;
      if (e.deprecationWarning) v.deprecationWarning = e.deprecationWarning;
      v.schema = { openAPIV3Schema: e.file ? loadSchema(e.file) : { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } };
      if (e.subresources && Object.keys(e.subresources).length > 0) v.subresources = e.subresources;
      if (e.printerColumns && e.printerColumns.length > 0) v.additionalPrinterColumns = e.printerColumns;
      return v;
    });
    crds.push({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name },
      spec: { group: first.group, names, scope: first.scope, versions },
    });
  }
  return crds;
}

/** Structural checks of a CRD beyond its schema. Returns causes for a 422. */
export function validateCrd(crd: KubeObject, builtinKeys: ReadonlySet<string>): StatusCause[] {
  const causes: StatusCause[] = [];
  const bad = (field: string, message: string, reason = 'FieldValueInvalid'): void => {
    causes.push({ reason, field, message });
  };
  const spec = isMap(crd.spec) ? crd.spec : {};
  const names = isMap(spec.names) ? spec.names : {};
  const group = typeof spec.group === 'string' ? spec.group : '';
  const plural = typeof names.plural === 'string' ? names.plural : '';
  if (!group.includes('.') || !DNS_SUBDOMAIN.test(group)) bad('spec.group', `Invalid value: ${JSON.stringify(group)}: should be a domain with at least one dot`);
  if (!DNS_LABEL.test(plural)) bad('spec.names.plural', `Invalid value: ${JSON.stringify(plural)}: must be a lowercase DNS label`);
  if (typeof names.kind !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(names.kind)) {
    bad('spec.names.kind', `Invalid value: ${JSON.stringify(names.kind ?? '')}: must be a CamelCase identifier`);
  }
  if (crd.metadata.name !== `${plural}.${group}`) {
    bad('metadata.name', `Invalid value: ${JSON.stringify(crd.metadata.name ?? '')}: must be spec.names.plural+"."+spec.group`);
  }
  if (builtinKeys.has(`${group}/${plural}`)) bad('spec.names.plural', `Invalid value: ${JSON.stringify(plural)}: is already served by a built-in resource`);
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isMap) : [];
  if (versions.length === 0) bad('spec.versions', 'Required value: must have at least one version', 'FieldValueRequired');
  const storage = versions.filter((v) => v.storage === true);
  if (versions.length > 0 && storage.length !== 1) bad('spec.versions', `Invalid value: ${storage.length}: must have exactly one version marked as storage version`);
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    const name = typeof v.name === 'string' ? v.name : '';
    if (!DNS_LABEL.test(name)) bad(`spec.versions[${i}].name`, `Invalid value: ${JSON.stringify(name)}: must be a DNS label`);
    if (seen.has(name)) bad(`spec.versions[${i}].name`, `Duplicate value: ${JSON.stringify(name)}`, 'FieldValueDuplicate');
    seen.add(name);
    const schema = isMap(v.schema) ? v.schema.openAPIV3Schema : undefined;
    if (!isMap(schema)) bad(`spec.versions[${i}].schema.openAPIV3Schema`, 'Required value: schemas are required', 'FieldValueRequired');
    else if (schema.type !== 'object') bad(`spec.versions[${i}].schema.openAPIV3Schema.type`, 'Unsupported value: must be "object" at the root');
  });
  return causes;
}

/** Fills in the defaults the API server sets on a CRD (singular, listKind). Returns a new object. */
export function defaultCrd(crd: KubeObject): KubeObject {
  const spec = isMap(crd.spec) ? { ...crd.spec } : {};
  const names = isMap(spec.names) ? { ...spec.names } : {};
  if (typeof names.kind === 'string') {
    if (!names.singular) names.singular = names.kind.toLowerCase();
    if (!names.listKind) names.listKind = `${names.kind}List`;
  }
  spec.names = names;
  return { ...crd, spec };
}

/** The status a CRD gets once its names are accepted. */
export function crdStatus(crd: KubeObject, previous: unknown, now: Date = new Date()): JsonMap {
  const spec = crd.spec as JsonMap;
  const versions = (spec.versions as JsonMap[]) ?? [];
  const storage = versions.find((v) => v.storage === true)?.name;
  const prevStored = isMap(previous) && Array.isArray(previous.storedVersions) ? previous.storedVersions.map(String) : [];
  const stored = [...new Set([...prevStored, ...(typeof storage === 'string' ? [storage] : [])])];
  const time = isMap(previous) && Array.isArray(previous.conditions) && isMap(previous.conditions[0])
    ? String(previous.conditions[0].lastTransitionTime)
    : nowTimestamp(now);
  return {
    conditions: [
      { type: 'NamesAccepted', status: 'True', lastTransitionTime: time, reason: 'NoConflicts', message: 'no conflicts found' },
      { type: 'Established', status: 'True', lastTransitionTime: time, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
    ],
    acceptedNames: spec.names,
    storedVersions: stored,
  };
}

/** The served resource types a CRD defines. */
export function resourcesFromCrd(crd: KubeObject): ResourceType[] {
  const spec = crd.spec as JsonMap;
  const names = spec.names as JsonMap;
  const group = String(spec.group);
  const plural = String(names.plural);
  const out: ResourceType[] = [];
  for (const v of (spec.versions as JsonMap[]) ?? []) {
    if (v.served !== true) continue;
    const sub = isMap(v.subresources) ? v.subresources : {};
    const schema = isMap(v.schema) && isMap(v.schema.openAPIV3Schema) ? (v.schema.openAPIV3Schema as Schema) : undefined;
    const rt: ResourceType = {
      group,
      version: String(v.name),
      kind: String(names.kind),
      listKind: String(names.listKind ?? `${String(names.kind)}List`),
      plural,
      singular: String(names.singular ?? String(names.kind).toLowerCase()),
      namespaced: spec.scope !== 'Cluster',
      shortNames: Array.isArray(names.shortNames) ? names.shortNames.map(String) : [],
      categories: Array.isArray(names.categories) ? names.categories.map(String) : [],
      verbs: STANDARD_VERBS,
      status: isMap(sub.status),
      schema,
      storageKey: `${group}/${plural}`,
      builtin: false,
      returnDeletedObject: false,
      generation: true,
      crdName: crd.metadata.name,
    };
    if (isMap(sub.scale)) {
      rt.scale = {
        specReplicasPath: String(sub.scale.specReplicasPath ?? '.spec.replicas'),
        statusReplicasPath: String(sub.scale.statusReplicasPath ?? '.status.replicas'),
      };
      if (typeof sub.scale.labelSelectorPath === 'string') rt.scale.labelSelectorPath = sub.scale.labelSelectorPath;
    }
    if (Array.isArray(v.additionalPrinterColumns)) rt.printerColumns = v.additionalPrinterColumns.filter(isMap) as unknown as PrinterColumn[];
    if (v.deprecated === true) {
      rt.deprecated = true;
      rt.deprecationWarning = typeof v.deprecationWarning === 'string' ? v.deprecationWarning : `${group}/${String(v.name)} ${String(names.kind)} is deprecated`;
    }
    out.push(rt);
  }
  return out;
}

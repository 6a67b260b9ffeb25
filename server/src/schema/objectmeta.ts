/**
 * The `metadata` of a custom resource, as the API server checks it.
 *
 * CRD schemas only say `metadata: {type: object}`; the API server decodes metadata into the typed
 * ObjectMeta struct and validates it itself. This module supplies an ajv schema with the same
 * effect, substituted for the CRD's own `metadata` node at the root (and, reduced, inside
 * `x-kubernetes-embedded-resource` objects):
 *   - unknown metadata fields are rejected (strict decoding of a typed struct);
 *   - name is a DNS-1123 subdomain and namespace a DNS-1123 label (per-kind name rules, such as
 *     label-only names for some built-ins, are out of scope);
 *   - labels and annotations are maps of strings: `version: 1` is a wrong type; a null value
 *     decodes to "" in Go, so it is accepted; keys and label values follow qualified-name rules.
 * Every field accepts null because JSON null decodes to the Go zero value without complaint
 * (`creationTimestamp: null` is what `kubectl create --dry-run -o yaml` prints).
 *
 * "name or generateName is required" is not a schema rule here; validator.ts reports it so the
 * message can say exactly that.
 */
import type { SchemaObject } from 'ajv';

const nullableString = { type: ['string', 'null'] };
const nullableInteger = { type: ['integer', 'null'] };
const nullableBoolean = { type: ['boolean', 'null'] };

function objectMetaSchema(): SchemaObject {
  return {
    type: ['object', 'null'],
    additionalProperties: false,
    properties: {
      name: { type: ['string', 'null'], format: 'k8s-object-name' },
      generateName: nullableString,
      namespace: nullableString,
      selfLink: nullableString,
      uid: nullableString,
      resourceVersion: nullableString,
      generation: nullableInteger,
      creationTimestamp: nullableString,
      deletionTimestamp: nullableString,
      deletionGracePeriodSeconds: nullableInteger,
      labels: {
        type: ['object', 'null'],
        propertyNames: { format: 'k8s-label-key' },
        additionalProperties: { type: ['string', 'null'], format: 'k8s-label-value' },
      },
      annotations: {
        type: ['object', 'null'],
        propertyNames: { format: 'k8s-annotation-key' },
        additionalProperties: nullableString,
      },
      ownerReferences: {
        type: ['array', 'null'],
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['apiVersion', 'kind', 'name', 'uid'],
          properties: {
            apiVersion: { type: 'string' },
            kind: { type: 'string' },
            name: { type: 'string' },
            uid: { type: 'string' },
            controller: nullableBoolean,
            blockOwnerDeletion: nullableBoolean,
          },
        },
      },
      finalizers: { type: ['array', 'null'], items: { type: 'string' } },
      managedFields: { type: ['array', 'null'], items: { type: 'object' } },
    },
  };
}

/** Field names of ObjectMeta, for did-you-mean on unknown metadata fields. */
export const OBJECT_META_FIELDS: readonly string[] = Object.keys(objectMetaSchema().properties as object);

/**
 * The ajv schema that replaces a custom resource's root `metadata` node. For cluster-scoped kinds
 * the API server clears `namespace` silently, so it is not checked there.
 */
export function rootObjectMetaSchema(clusterScoped = false): SchemaObject {
  const s = objectMetaSchema();
  if (!clusterScoped) (s.properties as Record<string, SchemaObject>).namespace = { type: ['string', 'null'], format: 'k8s-dns1123-label' };
  return s;
}

/** The ajv schema for `metadata` inside an `x-kubernetes-embedded-resource` object. */
export function embeddedObjectMetaSchema(): SchemaObject {
  return objectMetaSchema();
}

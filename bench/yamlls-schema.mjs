// The baseline's schema: how a user would point yaml-language-server at the same CRDs we bundle.
//
// yaml-language-server associates one schema per file glob, and a manifest holds many kinds, so
// the only way to give it per-kind CRD schemas for a multi-document file is one combined schema
// that dispatches on apiVersion and kind. We use `allOf` of `if {apiVersion, kind} then {$ref}`
// branches: each document is checked against exactly the schema of its kind (a `oneOf` over all
// kinds would make the baseline slower and its messages worse, which would flatter us).
//
// The CRD schemas are made strict the way the API server behaves with strict field validation:
// objects that declare `properties` reject unknown fields unless they carry
// `x-kubernetes-preserve-unknown-fields`; `nullable` admits null; int-or-string admits both. CEL
// rules (`x-kubernetes-validations`) have no JSON Schema equivalent and are dropped, so the
// baseline does strictly less work than our server, never more.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Turns one CRD openAPIV3Schema node into a strict JSON Schema (draft-07) node. Pure. */
export function strictNode(node) {
  if (Array.isArray(node)) return node.map(strictNode);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-kubernetes-') || key === 'nullable') continue;
    if (key === 'properties' || key === 'patternProperties' || key === 'definitions') {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strictNode(v)]));
    } else if (key === 'enum' || key === 'const' || key === 'default' || key === 'example' || key === 'required') {
      out[key] = value;
    } else {
      out[key] = strictNode(value);
    }
  }
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (node.properties && node.additionalProperties === undefined && !preserve) out.additionalProperties = false;
  if (node.nullable === true && typeof node.type === 'string') out.type = [node.type, 'null'];
  if (node['x-kubernetes-int-or-string'] === true && !node.anyOf && !node.oneOf) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  return out;
}

/** CRD schemas leave apiVersion, kind and metadata to the API server; declare them at the root. */
function withEnvelope(schema) {
  const properties = {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    ...(schema.properties ?? {}),
  };
  return { ...schema, type: 'object', properties, additionalProperties: schema.additionalProperties ?? false };
}

/**
 * Builds the combined schema from schemas/index.json. Gateway API comes in two channels for the
 * same apiVersion and kind; like our server's default (`gatewayApiChannel: experimental`), the
 * experimental one is used. Returns the schema and how many kinds it dispatches.
 */
export function buildCombinedSchema(repoRoot) {
  const schemasDir = path.join(repoRoot, 'schemas');
  const index = JSON.parse(readFileSync(path.join(schemasDir, 'index.json'), 'utf8'));
  const byFile = new Map(); // file -> { kind, apiVersions:Set }
  const chosen = new Map(); // apiVersion kind -> entry
  for (const entry of index.entries) {
    if (!entry.file) continue; // removed versions carry no schema
    const key = `${entry.apiVersion} ${entry.kind}`;
    const previous = chosen.get(key);
    if (previous && previous.channel === 'experimental') continue;
    chosen.set(key, entry);
  }
  for (const entry of chosen.values()) {
    const group = byFile.get(`${entry.kind} ${entry.file}`) ?? { kind: entry.kind, file: entry.file, apiVersions: new Set() };
    group.apiVersions.add(entry.apiVersion);
    byFile.set(`${entry.kind} ${entry.file}`, group);
  }
  const definitions = {};
  const allOf = [];
  let n = 0;
  for (const group of byFile.values()) {
    const id = `k${n++}`;
    const raw = JSON.parse(readFileSync(path.join(schemasDir, group.file), 'utf8'));
    definitions[id] = withEnvelope(strictNode(raw));
    allOf.push({
      if: {
        properties: { apiVersion: { enum: [...group.apiVersions].sort() }, kind: { const: group.kind } },
        required: ['apiVersion', 'kind'],
      },
      then: { $ref: `#/definitions/${id}` },
    });
  }
  return {
    schema: { $schema: 'http://json-schema.org/draft-07/schema#', title: 'CRDs by apiVersion and kind', definitions, allOf },
    kinds: chosen.size,
    schemaFiles: byFile.size,
  };
}

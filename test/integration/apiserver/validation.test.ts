/**
 * Schema admission as a pure function: pruning, unknown-field reports and causes, table-driven,
 * plus a check against a real schema from schemas/ (Istio's VirtualService).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { findSchemasDir } from '../../apiserver/catalog';
import type { Schema } from '../../apiserver/schemainfo';
import { validateObject } from '../../apiserver/validation';

const schema: Schema = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      required: ['mode'],
      properties: {
        mode: { type: 'string', enum: ['A', 'B'] },
        replicas: { type: 'integer', minimum: 0, maximum: 10 },
        name: { type: 'string', maxLength: 5, pattern: '^[a-z]+$' },
        port: { 'x-kubernetes-int-or-string': true },
        hosts: { type: 'array', items: { type: 'string' }, maxItems: 2 },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        note: { type: 'string', nullable: true },
        count: { type: 'integer' },
        match: {
          type: 'object',
          properties: { exact: { type: 'string' }, prefix: { type: 'string' } },
          oneOf: [{ required: ['exact'] }, { required: ['prefix'] }],
        },
        tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
      },
    },
  },
};

function check(spec: Record<string, unknown>) {
  return validateObject({ apiVersion: 'x/v1', kind: 'X', metadata: { name: 'a' }, spec }, schema);
}

describe('validateObject', () => {
  const valid: { name: string; spec: Record<string, unknown> }[] = [
    { name: 'minimal', spec: { mode: 'A' } },
    { name: 'int-or-string as int', spec: { mode: 'A', port: 80 } },
    { name: 'int-or-string as string', spec: { mode: 'A', port: 'http' } },
    { name: 'preserved unknown fields', spec: { mode: 'A', free: { anything: [1, { x: 2 }] } } },
    { name: 'additionalProperties', spec: { mode: 'B', labels: { a: 'b' } } },
    { name: 'nullable null', spec: { mode: 'A', note: null } },
    { name: 'oneOf satisfied', spec: { mode: 'A', match: { exact: '/x' } } },
  ];
  for (const row of valid) {
    test(`accepts ${row.name}`, () => {
      const r = check(row.spec);
      assert.deepEqual(r.causes, []);
      assert.deepEqual(r.unknown, []);
    });
  }

  const invalid: { name: string; spec: Record<string, unknown>; reason: string; field: string }[] = [
    { name: 'missing required', spec: {}, reason: 'FieldValueRequired', field: 'spec.mode' },
    { name: 'enum', spec: { mode: 'C' }, reason: 'FieldValueNotSupported', field: 'spec.mode' },
    { name: 'type', spec: { mode: 'A', replicas: 'three' }, reason: 'FieldValueTypeInvalid', field: 'spec.replicas' },
    { name: 'integer, not number', spec: { mode: 'A', replicas: 1.5 }, reason: 'FieldValueTypeInvalid', field: 'spec.replicas' },
    { name: 'maximum', spec: { mode: 'A', replicas: 11 }, reason: 'FieldValueInvalid', field: 'spec.replicas' },
    { name: 'maxLength', spec: { mode: 'A', name: 'abcdef' }, reason: 'FieldValueTooLong', field: 'spec.name' },
    { name: 'pattern', spec: { mode: 'A', name: 'AB' }, reason: 'FieldValueInvalid', field: 'spec.name' },
    { name: 'maxItems', spec: { mode: 'A', hosts: ['a', 'b', 'c'] }, reason: 'FieldValueTooMany', field: 'spec.hosts' },
    { name: 'item type', spec: { mode: 'A', hosts: ['a', 1] }, reason: 'FieldValueTypeInvalid', field: 'spec.hosts[1]' },
    { name: 'int-or-string', spec: { mode: 'A', port: true }, reason: 'FieldValueTypeInvalid', field: 'spec.port' },
    { name: 'oneOf with both', spec: { mode: 'A', match: { exact: 'a', prefix: 'b' } }, reason: 'FieldValueInvalid', field: 'spec.match' },
    { name: 'duplicate set item', spec: { mode: 'A', tags: ['a', 'a'] }, reason: 'FieldValueDuplicate', field: 'spec.tags[1]' },
  ];
  for (const row of invalid) {
    test(`rejects ${row.name}`, () => {
      const r = check(row.spec);
      assert.ok(
        r.causes.some((c) => c.reason === row.reason && c.field === row.field),
        `expected ${row.reason} at ${row.field}, got ${JSON.stringify(r.causes)}`,
      );
    });
  }

  test('unknown fields are pruned and reported with their paths', () => {
    const r = validateObject({ apiVersion: 'x/v1', kind: 'X', metadata: { name: 'a', bogus: 1 }, spec: { mode: 'A', extra: 1, hosts: ['a'] }, top: true }, schema);
    assert.deepEqual(r.unknown.sort(), ['metadata.bogus', 'spec.extra', 'top']);
    assert.deepEqual(r.value, { apiVersion: 'x/v1', kind: 'X', metadata: { name: 'a' }, spec: { mode: 'A', hosts: ['a'] } });
  });

  test('null is pruned where the schema does not allow it', () => {
    const r = check({ mode: 'A', count: null });
    assert.deepEqual(r.causes, []);
    assert.deepEqual(r.value.spec, { mode: 'A' });
  });

  test('metadata is checked with the ObjectMeta schema whatever the kind says', () => {
    const r = validateObject({ apiVersion: 'x/v1', kind: 'X', metadata: { name: 'a', labels: { a: 1 } }, spec: { mode: 'A' } }, schema);
    assert.ok(r.causes.some((c) => c.field === 'metadata.labels.a'), JSON.stringify(r.causes));
  });
});

describe('validateObject with a project schema', () => {
  const dir = findSchemasDir();
  const file = dir ? path.join(dir, 'istio', 'networking.istio.io_virtualservice_v1.json') : undefined;
  const skip = file === undefined ? 'schemas/ not found' : false;

  test('a valid VirtualService passes; a misspelt field and a wrong type are caught', { skip }, () => {
    const vs = JSON.parse(readFileSync(file!, 'utf8')) as Schema;
    const good = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'r' }, spec: { hosts: ['r'], http: [{ route: [{ destination: { host: 'r', subset: 'v1' }, weight: 100 }] }] } };
    assert.deepEqual(validateObject(good, vs).causes, []);
    const bad = { ...good, spec: { hosts: 'r', htp: [] } };
    const r = validateObject(bad, vs);
    assert.deepEqual(r.unknown, ['spec.htp']);
    assert.ok(r.causes.some((c) => c.field === 'spec.hosts' && c.reason === 'FieldValueTypeInvalid'), JSON.stringify(r.causes));
  });
});

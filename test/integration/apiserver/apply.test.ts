/**
 * Server-side apply and Update ownership as pure functions: conflicts, force, shared ownership,
 * pruning of fields a manager stops applying, and what ordinary updates do to other managers.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyConfig, ApplyConflictError, conflictMessage, decodeManagedFields, encodeManagedFields, recordUpdate, type Manager } from '../../apiserver/apply';
import type { WriterInfo } from '../../apiserver/apply';
import type { Schema } from '../../apiserver/schemainfo';
import type { JsonMap } from '../../apiserver/types';

const schema: Schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        replicas: { type: 'integer' },
        hosts: { type: 'array', items: { type: 'string' } },
        routes: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', properties: { name: { type: 'string' }, weight: { type: 'integer' } } },
        },
      },
    },
  },
};

function writer(manager: string): WriterInfo {
  return { manager, apiVersion: 'example.com/v1', time: '2025-01-01T00:00:00Z', scope: 'all', schema };
}

/** The fieldsV1 a manager owns, or undefined when it owns nothing (its entry would be dropped). */
function owned(managers: Manager[], name: string, operation = 'Apply'): JsonMap | undefined {
  const set = managers.find((m) => m.entry.manager === name && m.entry.operation === operation)?.set;
  return set && !set.isEmpty() ? set.toFieldsV1() : undefined;
}

describe('applyConfig', () => {
  test('applying onto nothing creates, and the manager owns exactly its fields', () => {
    const r = applyConfig({}, { spec: { replicas: 1, hosts: ['a'] } }, [], writer('a'), false);
    assert.deepEqual(r.object, { spec: { replicas: 1, hosts: ['a'] } });
    assert.deepEqual(owned(r.managers, 'a'), { 'f:spec': { 'f:replicas': {}, 'f:hosts': {} } });
  });

  test('another manager changing an owned field conflicts, naming field and owner', () => {
    const first = applyConfig({}, { spec: { replicas: 1 } }, [], writer('a'), false);
    assert.throws(
      () => applyConfig(first.object, { spec: { replicas: 2 } }, first.managers, writer('b'), false),
      (err: unknown) => {
        assert.ok(err instanceof ApplyConflictError);
        assert.equal(err.conflicts.length, 1);
        assert.equal(err.conflicts[0].manager.manager, 'a');
        assert.deepEqual(err.conflicts[0].path, ['f:spec', 'f:replicas']);
        assert.equal(err.message, 'Apply failed with 1 conflict: conflict with "a": .spec.replicas');
        return true;
      },
    );
  });

  test('applying the same value shares ownership instead of conflicting', () => {
    const first = applyConfig({}, { spec: { replicas: 1 } }, [], writer('a'), false);
    const second = applyConfig(first.object, { spec: { replicas: 1 } }, first.managers, writer('b'), false);
    assert.deepEqual(owned(second.managers, 'a'), { 'f:spec': { 'f:replicas': {} } });
    assert.deepEqual(owned(second.managers, 'b'), { 'f:spec': { 'f:replicas': {} } });
  });

  test('force moves the field to the applier', () => {
    const first = applyConfig({}, { spec: { replicas: 1, hosts: ['a'] } }, [], writer('a'), false);
    const forced = applyConfig(first.object, { spec: { replicas: 5 } }, first.managers, writer('b'), true);
    assert.equal((forced.object.spec as JsonMap).replicas, 5);
    assert.deepEqual(owned(forced.managers, 'a'), { 'f:spec': { 'f:hosts': {} } });
    assert.deepEqual(owned(forced.managers, 'b'), { 'f:spec': { 'f:replicas': {} } });
  });

  test('a field the manager stops applying is removed when nobody else owns it', () => {
    const first = applyConfig({}, { spec: { replicas: 1, hosts: ['a'] } }, [], writer('a'), false);
    const second = applyConfig(first.object, { spec: { replicas: 1 } }, first.managers, writer('a'), false);
    assert.deepEqual(second.object, { spec: { replicas: 1 } });
  });

  test('a field the manager stops applying stays when another manager owns it', () => {
    const first = applyConfig({}, { spec: { hosts: ['a'] } }, [], writer('a'), false);
    const shared = applyConfig(first.object, { spec: { hosts: ['a'] } }, first.managers, writer('b'), false);
    const dropped = applyConfig(shared.object, {}, shared.managers, writer('a'), false);
    assert.deepEqual((dropped.object.spec as JsonMap).hosts, ['a']);
    assert.equal(owned(dropped.managers, 'a'), undefined, 'a owns nothing any more');
  });

  test('keyed list items are merged and owned per item', () => {
    const first = applyConfig({}, { spec: { routes: [{ name: 'v1', weight: 100 }] } }, [], writer('a'), false);
    const second = applyConfig(first.object, { spec: { routes: [{ name: 'v2', weight: 0 }] } }, first.managers, writer('b'), false);
    assert.deepEqual((second.object.spec as JsonMap).routes, [
      { name: 'v1', weight: 100 },
      { name: 'v2', weight: 0 },
    ]);
    assert.throws(() => applyConfig(second.object, { spec: { routes: [{ name: 'v1', weight: 50 }] } }, second.managers, writer('b'), false), ApplyConflictError);
  });

  test('conflicts with several managers are grouped in the message', () => {
    const msg = conflictMessage([
      { manager: { manager: 'a', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: {} }, path: ['f:spec', 'f:x'] },
      { manager: { manager: 'u', operation: 'Update', apiVersion: 'v1', time: 'T', fieldsType: 'FieldsV1', fieldsV1: {} }, path: ['f:spec', 'f:y'] },
    ]);
    assert.equal(msg, 'Apply failed with 2 conflicts: conflicts with "a":\n- .spec.x\nconflicts with "u" using v1 at T:\n- .spec.y');
  });
});

describe('recordUpdate', () => {
  test('an update takes changed fields from their owners without conflict', () => {
    const first = applyConfig({}, { spec: { replicas: 1, hosts: ['a'] } }, [], writer('a'), false);
    const after = { spec: { replicas: 3, hosts: ['a'] } };
    const managers = recordUpdate(first.object, after, first.managers, writer('editor'));
    assert.deepEqual(owned(managers, 'a'), { 'f:spec': { 'f:hosts': {} } });
    assert.deepEqual(owned(managers, 'editor', 'Update'), { 'f:spec': { 'f:replicas': {} } });
  });

  test('removed fields leave every manager', () => {
    const first = applyConfig({}, { spec: { replicas: 1, hosts: ['a'] } }, [], writer('a'), false);
    const managers = recordUpdate(first.object, { spec: { replicas: 1 } }, first.managers, writer('editor'));
    assert.deepEqual(owned(managers, 'a'), { 'f:spec': { 'f:replicas': {} } });
    assert.equal(owned(managers, 'editor', 'Update'), undefined, 'removing does not create ownership');
  });

  test('managedFields encode and decode symmetrically; empty entries are dropped', () => {
    const first = applyConfig({}, { spec: { replicas: 1 } }, [], writer('a'), false);
    const encoded = encodeManagedFields(first.managers);
    assert.deepEqual(encoded, [{ manager: 'a', operation: 'Apply', apiVersion: 'example.com/v1', time: '2025-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }]);
    assert.deepEqual(encodeManagedFields(decodeManagedFields(encoded)), encoded);
    assert.throws(() => decodeManagedFields([{ manager: 'x', operation: 'Delete' }]), /operation must be Apply or Update/);
  });
});

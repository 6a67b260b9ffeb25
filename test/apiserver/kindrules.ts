/**
 * Rules of particular built-in kinds that a schema cannot express.
 *
 * The API server's registries for the built-in kinds do more than schema checks; the few that
 * tests of mesh tooling run into are reproduced here:
 *   - Secret: `stringData` is write-only; it is merged into `data` (base64) and dropped, and every
 *     `data` value must be valid base64 (a 400, as a decoding error is on a real cluster).
 *   - Secret and ConfigMap with `immutable: true`: their data can no longer change, and the flag
 *     cannot be cleared.
 *   - Deployment: `spec.selector` must select the pod template's labels, and cannot change.
 * Each rule returns the (possibly rewritten) object and causes for a 422.
 */
import type { ResourceType } from './resources';
import { badRequest, type StatusCause } from './status';
import { deepEqual, isMap, type JsonMap, type KubeObject } from './types';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function secret(next: KubeObject): KubeObject {
  const data: JsonMap = isMap(next.data) ? { ...next.data } : {};
  for (const [k, v] of Object.entries(data)) {
    if (typeof v !== 'string' || !BASE64.test(v)) {
      throw badRequest(`Secret in version "v1" cannot be handled as a Secret: illegal base64 data in data[${JSON.stringify(k)}]`);
    }
  }
  if (!isMap(next.stringData)) return next;
  for (const [k, v] of Object.entries(next.stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
  const out: KubeObject = { ...next, data };
  delete out.stringData;
  return out;
}

function immutableData(old: KubeObject | undefined, next: KubeObject): StatusCause[] {
  if (!old || old.immutable !== true) return [];
  const causes: StatusCause[] = [];
  if (next.immutable !== true) causes.push({ reason: 'FieldValueForbidden', field: 'immutable', message: 'Forbidden: field is immutable when `immutable` is set' });
  for (const field of ['data', 'binaryData']) {
    if (!deepEqual(old[field], next[field])) causes.push({ reason: 'FieldValueForbidden', field, message: 'Forbidden: field is immutable when `immutable` is set' });
  }
  return causes;
}

/** Whether a LabelSelector object selects a label map (matchLabels and matchExpressions). */
export function selectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  if (!isMap(selector)) return false;
  for (const [k, v] of Object.entries(isMap(selector.matchLabels) ? selector.matchLabels : {})) if (labels[k] !== v) return false;
  for (const e of Array.isArray(selector.matchExpressions) ? selector.matchExpressions.filter(isMap) : []) {
    const key = String(e.key);
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    if (e.operator === 'In' && !(has && values.includes(labels[key]))) return false;
    if (e.operator === 'NotIn' && has && values.includes(labels[key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

function deployment(old: KubeObject | undefined, next: KubeObject): StatusCause[] {
  const spec = isMap(next.spec) ? next.spec : {};
  const template = isMap(spec.template) ? spec.template : {};
  const labels = isMap(template.metadata) && isMap(template.metadata.labels) ? (template.metadata.labels as Record<string, string>) : {};
  const causes: StatusCause[] = [];
  if (isMap(spec.selector)) {
    const empty = Object.keys(isMap(spec.selector.matchLabels) ? spec.selector.matchLabels : {}).length === 0 && !(Array.isArray(spec.selector.matchExpressions) && spec.selector.matchExpressions.length > 0);
    if (empty) causes.push({ reason: 'FieldValueInvalid', field: 'spec.selector', message: `Invalid value: ${JSON.stringify(spec.selector)}: empty selector is invalid for deployment` });
    else if (!selectorMatches(spec.selector, labels)) {
      causes.push({ reason: 'FieldValueInvalid', field: 'spec.template.metadata.labels', message: `Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\`` });
    }
  }
  const oldSpec = old && isMap(old.spec) ? old.spec : undefined;
  if (oldSpec && !deepEqual(oldSpec.selector, spec.selector)) {
    causes.push({ reason: 'FieldValueInvalid', field: 'spec.selector', message: `Invalid value: ${JSON.stringify(spec.selector)}: field is immutable` });
  }
  return causes;
}

/** Applies the rules of `rt`'s kind to a write (status writes are exempt). */
export function kindRules(rt: ResourceType, old: KubeObject | undefined, next: KubeObject, subresource?: string): { object: KubeObject; causes: StatusCause[] } {
  if (!rt.builtin || subresource === 'status') return { object: next, causes: [] };
  switch (`${rt.group}/${rt.kind}`) {
    case '/Secret': {
      const object = secret(next);
      return { object, causes: immutableData(old, object) };
    }
    case '/ConfigMap':
      return { object: next, causes: immutableData(old, next) };
    case 'apps/Deployment':
      return { object: next, causes: deployment(old, next) };
    default:
      return { object: next, causes: [] };
  }
}

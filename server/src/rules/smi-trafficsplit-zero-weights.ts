/**
 * An SMI TrafficSplit whose backends all have weight 0. Weights are relative (they need not add
 * up to 100), so an all-zero split leaves the root Service's traffic with nowhere to go. Weights
 * are integers from v1alpha2 on and Kubernetes quantities (`500m`) in v1alpha1.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { asArray, asObject, specOf } from './util/values';

/** A weight as a number: an integer, or a quantity string such as `500m` or `1`; undefined if unreadable. */
function smiWeight(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(value.trim());
  if (!m) return undefined;
  return Number(m[1]) / (m[2] === 'm' ? 1000 : 1);
}

export default defineRule({
  code: 'MSH6002',
  name: 'smi-trafficsplit-zero-weights',
  severity: 'error',
  reads: [K.TrafficSplit],
  docs: {
    summary: 'At least one backend of an SMI TrafficSplit has a weight above zero.',
    rationale:
      'TrafficSplit weights are relative shares of the root Service\'s traffic; when every backend weighs zero there is no share to send anywhere, and requests to the root Service fail.',
    seeAlso: ['https://github.com/servicemeshinterface/smi-spec/blob/main/apis/traffic-split/v1alpha4/traffic-split.md'],
  },
  messages: {
    allZero: 'Every backend has weight 0, so the traffic of Service "{service}" goes nowhere. (SMI is archived upstream; Gateway API routes bound to Services, GAMMA, are its successor.)',
  },
  check({ index, report }) {
    for (const split of index.ofKind(K.TrafficSplit)) {
      const backends = asArray(specOf(split)['backends']);
      if (backends.length === 0) continue;
      const weights = backends.map((b) => smiWeight(asObject(b)['weight']));
      if (weights.some((w) => w === undefined || w > 0)) continue;
      report({ subject: split.key, path: ['spec', 'backends'], target: 'key', messageId: 'allZero', data: { service: String(specOf(split)['service'] ?? '') } });
    }
  },
});

/**
 * A Consul ServiceSplitter whose split weights do not add up to 100. Consul rejects such a
 * splitter, so the config entry never syncs and traffic keeps following the previous split.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { asArray, asNumber, asObject, specOf } from './util/values';

/** Weights have a resolution of 0.01; compare sums at that precision. */
const EPSILON = 0.005;

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export default defineRule({
  code: 'MSH5001',
  name: 'consul-splitter-weights',
  severity: 'error',
  reads: [K.ServiceSplitter],
  docs: {
    summary: 'The split weights of a Consul ServiceSplitter add up to 100.',
    rationale:
      'Consul requires a splitter\'s weights to sum to exactly 100 and rejects the config entry otherwise, so the intended traffic shift never happens and the CRD stays out of sync.',
    seeAlso: ['https://developer.hashicorp.com/consul/docs/reference/config-entry/service-splitter'],
  },
  messages: {
    sumNot100: 'The split weights add up to {sum}, not 100; Consul rejects this splitter.',
  },
  check({ index, report }) {
    for (const splitter of index.ofKind(K.ServiceSplitter)) {
      const splits = asArray(specOf(splitter)['splits']);
      if (splits.length === 0) continue;
      const weights = splits.map((s) => asNumber(asObject(s)['weight']) ?? 0);
      const sum = round(weights.reduce((a, b) => a + b, 0));
      if (Math.abs(sum - 100) < EPSILON) continue;
      // The fix moves the difference onto the last split, when that keeps it within 0..100.
      const last = splits.length - 1;
      const adjusted = round(weights[last]! + 100 - sum);
      report({
        subject: splitter.key, path: ['spec', 'splits'], target: 'key', messageId: 'sumNot100', data: { sum },
        fixes: adjusted >= 0 && adjusted <= 100
          ? [{ title: `Set the last split's weight to ${adjusted}`, preferred: true, edits: [{ op: 'set', path: ['spec', 'splits', last, 'weight'], value: adjusted }] }]
          : [],
      });
    }
  },
});

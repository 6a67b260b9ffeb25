/**
 * A VirtualService match that never wins because an earlier match accepts the same requests.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { matchReachability } from './util/virtualservice-match-reachability';

export default defineRule({
  code: 'IST0131',
  istioName: 'VirtualServiceIneffectiveMatch',
  istioAnalyzer: 'schema.ValidationAnalyzer.VirtualService',
  name: 'virtualservice-ineffective-match',
  severity: 'info',
  reads: [K.VirtualService],
  docs: {
    summary: 'No VirtualService match repeats, or is covered by, an earlier match.',
    rationale:
      'A proxy uses the first match that accepts a request, so a later match that repeats an earlier one, or asks for a longer prefix under the same conditions, never takes any traffic.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0131/'],
  },
  messages: {
    ineffective: 'Match {match} of rule {rule} is never used: rule {shadowedBy} matches the same requests first.',
  },
  check({ index, report }) {
    for (const vs of index.ofKind(K.VirtualService)) {
      for (const f of matchReachability(vs)) {
        if (f.type !== 'ineffective') continue;
        report({ subject: vs.key, path: f.path, messageId: 'ineffective', data: { rule: f.rule, match: f.match, shadowedBy: f.shadowedBy } });
      }
    }
  },
});

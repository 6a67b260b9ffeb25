/**
 * A VirtualService rule that no request can reach, because earlier rules take all of its traffic.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { matchReachability } from './util/virtualservice-match-reachability';

export default defineRule({
  code: 'IST0130',
  istioName: 'VirtualServiceUnreachableRule',
  istioAnalyzer: 'schema.ValidationAnalyzer.VirtualService',
  name: 'virtualservice-unreachable-rule',
  severity: 'warning',
  reads: [K.VirtualService],
  docs: {
    summary: 'Every rule of a VirtualService can be reached: no earlier rule matches all of its requests.',
    rationale:
      'A proxy uses the first rule that matches a request, so a rule after a catch-all rule, or one whose matches all repeat earlier ones, is dead configuration that someone believes is in force.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0130/'],
  },
  messages: {
    unreachable: 'Rule {rule} is never used ({reason}).',
  },
  check({ index, report }) {
    for (const vs of index.ofKind(K.VirtualService)) {
      for (const f of matchReachability(vs)) {
        if (f.type !== 'unreachable') continue;
        report({ subject: vs.key, path: f.path, messageId: 'unreachable', data: { rule: f.rule, reason: f.reason } });
      }
    }
  },
});

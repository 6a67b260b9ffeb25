/**
 * An EnvoyFilter REMOVE patch on route configuration, which Istio ignores.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { envoyFilterPatchFindings } from './util/envoyfilter-patches';

export default defineRule({
  code: 'IST0154',
  istioName: 'EnvoyFilterUsesRemoveOperationIncorrectly',
  istioAnalyzer: 'envoyfilter.EnvoyPatchAnalyzer',
  name: 'envoyfilter-remove-ignored',
  severity: 'error',
  reads: [K.EnvoyFilter],
  docs: {
    summary: 'EnvoyFilter REMOVE patches do not target ROUTE_CONFIGURATION or HTTP_ROUTE.',
    rationale:
      'Istio ignores REMOVE for route configurations and HTTP routes, so what the patch meant to remove stays in place.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0154/'],
  },
  messages: {
    patch: 'REMOVE is ignored when applyTo is {applyTo}.',
  },
  check({ index, report }) {
    for (const f of envoyFilterPatchFindings(index)) {
      if (f.verdict !== 'remove-ignored') continue;
      report({ subject: f.filter.key, path: f.path, messageId: 'patch', data: { operation: f.operation, applyTo: f.applyTo } });
    }
  },
});

/**
 * An EnvoyFilter ADD patch on route configuration, which Istio ignores.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { envoyFilterPatchFindings } from './util/envoyfilter-patches';

export default defineRule({
  code: 'IST0153',
  istioName: 'EnvoyFilterUsesAddOperationIncorrectly',
  istioAnalyzer: 'envoyfilter.EnvoyPatchAnalyzer',
  name: 'envoyfilter-add-ignored',
  severity: 'error',
  reads: [K.EnvoyFilter],
  docs: {
    summary: 'EnvoyFilter ADD patches do not target ROUTE_CONFIGURATION or HTTP_ROUTE.',
    rationale:
      'Istio ignores ADD for route configurations and HTTP routes, so the patch silently does nothing.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0153/'],
  },
  messages: {
    patch: 'ADD is ignored when applyTo is {applyTo}.',
  },
  check({ index, report }) {
    for (const f of envoyFilterPatchFindings(index)) {
      if (f.verdict !== 'add-ignored') continue;
      report({ subject: f.filter.key, path: f.path, messageId: 'patch', data: { operation: f.operation, applyTo: f.applyTo } });
    }
  },
});

/**
 * An EnvoyFilter REPLACE patch on something other than a filter.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { envoyFilterPatchFindings } from './util/envoyfilter-patches';

export default defineRule({
  code: 'IST0152',
  istioName: 'EnvoyFilterUsesReplaceOperationIncorrectly',
  istioAnalyzer: 'envoyfilter.EnvoyPatchAnalyzer',
  name: 'envoyfilter-replace-invalid',
  severity: 'error',
  reads: [K.EnvoyFilter],
  docs: {
    summary: 'EnvoyFilter REPLACE patches apply only to HTTP_FILTER or NETWORK_FILTER.',
    rationale:
      'Istio applies REPLACE only to filters; on any other `applyTo` the patch is ignored and the configuration it was meant to change stays as it is.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0152/'],
  },
  messages: {
    patch: 'REPLACE has no effect on {applyTo}; it applies only to HTTP_FILTER and NETWORK_FILTER.',
  },
  check({ index, report }) {
    for (const f of envoyFilterPatchFindings(index)) {
      if (f.verdict !== 'replace-invalid') continue;
      report({ subject: f.filter.key, path: f.path, messageId: 'patch', data: { operation: f.operation, applyTo: f.applyTo } });
    }
  },
});

/**
 * A relative EnvoyFilter patch, without priority, on a filter that proxy-version-matched patches also target.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { envoyFilterPatchFindings } from './util/envoyfilter-patches';

export default defineRule({
  code: 'IST0155',
  istioName: 'EnvoyFilterUsesRelativeOperationWithProxyVersion',
  istioAnalyzer: 'envoyfilter.EnvoyPatchAnalyzer',
  name: 'envoyfilter-relative-operation-with-proxy-version',
  severity: 'warning',
  reads: [K.EnvoyFilter],
  docs: {
    summary: 'A relative EnvoyFilter patch on a filter that another patch targets by proxy version sets a `priority`.',
    rationale:
      'When patches on the same filter are tied to proxy versions, that filter changes as proxies are upgraded; a relative patch without a priority then loses its anchor during the upgrade.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0155/'],
  },
  messages: {
    patch: '{operation} is relative to a filter that a proxyVersion-matched patch also targets, and this EnvoyFilter has no `priority`; it may stop applying during an upgrade.',
  },
  check({ index, report }) {
    for (const f of envoyFilterPatchFindings(index)) {
      if (f.verdict !== 'relative-with-proxy-version') continue;
      report({ subject: f.filter.key, path: f.path, messageId: 'patch', data: { operation: f.operation, applyTo: f.applyTo } });
    }
  },
});

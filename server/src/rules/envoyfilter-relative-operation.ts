/**
 * An EnvoyFilter patch placed relative to another filter, with no priority to order it.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { envoyFilterPatchFindings } from './util/envoyfilter-patches';

export default defineRule({
  code: 'IST0151',
  istioName: 'EnvoyFilterUsesRelativeOperation',
  istioAnalyzer: 'envoyfilter.EnvoyPatchAnalyzer',
  name: 'envoyfilter-relative-operation',
  severity: 'warning',
  reads: [K.EnvoyFilter],
  docs: {
    summary: 'An EnvoyFilter with relative patch operations sets a `priority`.',
    rationale:
      'INSERT_BEFORE, INSERT_AFTER, REPLACE and REMOVE find their place relative to another filter; without a priority, the order EnvoyFilters are applied in decides whether that filter is there yet, and the patch may silently not apply.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0151/'],
  },
  messages: {
    patch: '{operation} is relative to another filter, and this EnvoyFilter has no `priority`; set one, or use INSERT_FIRST or ADD.',
  },
  check({ index, report }) {
    for (const f of envoyFilterPatchFindings(index)) {
      if (f.verdict !== 'relative') continue;
      report({ subject: f.filter.key, path: f.path, messageId: 'patch', data: { operation: f.operation, applyTo: f.applyTo } });
    }
  },
});

/**
 * A Gateway API route whose parentRef selects listeners that exist but none of which admits it:
 * the listeners' `allowedRoutes.kinds` (or their protocol's default kinds) leave out the route's
 * kind, or their `allowedRoutes.namespaces` (Same by default, All, or a Selector over namespace
 * labels) leaves out the route's namespace.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { kindName, LISTENER_SET, parentRefsOf, qualified, ROUTE_KINDS, X_LISTENER_SET } from './util/gateway-api-refs';
import {
  describeKinds, describeListener, describeNamespacePolicy, listenerAdmitsKind, listenerAdmitsNamespace, listenersOf, resolveListenerOwner, selectListeners,
} from './util/gateway-api-listeners';

export default defineRule({
  code: 'MSH3002',
  name: 'gatewayapi-parent-ref-not-allowed',
  severity: 'error',
  reads: [...ROUTE_KINDS, K.Gateway, LISTENER_SET, X_LISTENER_SET, K.Namespace],
  docs: {
    summary: 'At least one listener a Gateway API route attaches to admits the route\'s kind and namespace.',
    rationale:
      'A listener admits only the route kinds its protocol (or `allowedRoutes.kinds`) allows and only routes from the namespaces `allowedRoutes.namespaces` allows (its own namespace by default); a route no selected listener admits is not accepted, and its traffic is never served.',
    seeAlso: ['https://gateway-api.sigs.k8s.io/guides/multiple-ns/', 'https://gateway-api.sigs.k8s.io/reference/spec/#gateway.networking.k8s.io/v1.AllowedRoutes'],
  },
  messages: {
    kindNotAllowed: 'No selected listener of {parent} admits a {kind}: {reasons}.',
    namespaceNotAllowed: 'No selected listener of {parent} admits routes from namespace "{namespace}": {reasons}.',
  },
  check({ index, report }) {
    for (const routeKind of ROUTE_KINDS) {
      const kind = kindName(routeKind);
      for (const route of index.ofKind(routeKind)) {
        for (const ref of parentRefsOf(route)) {
          const owner = resolveListenerOwner(index, ref);
          if (!owner) continue;
          // Missing listeners are gatewayapi-parent-ref-not-found's finding.
          const listeners = selectListeners(listenersOf(owner), ref);
          if (listeners.length === 0) continue;
          const verdicts = listeners.map((l) => ({ l, kind: listenerAdmitsKind(l, routeKind), namespace: listenerAdmitsNamespace(index, l, route.namespace) }));
          // A listener that admits the route, or might (an undecided answer), keeps it attached.
          if (verdicts.some((v) => v.kind !== false && v.namespace !== false)) continue;
          // When no listener takes the route's kind, that is the finding; otherwise the namespace.
          const byNamespace = !verdicts.every((v) => v.kind === false);
          const reasons = verdicts.map((v) => v.kind === false
            ? `listener ${describeListener(v.l)} admits ${describeKinds(v.l)}`
            : `listener ${describeListener(v.l)} admits ${describeNamespacePolicy(v.l)}`).join('; ');
          report({
            subject: route.key,
            path: ref.path,
            messageId: byNamespace ? 'namespaceNotAllowed' : 'kindNotAllowed',
            data: { parent: `${kindName(owner.kind)} "${qualified(owner.namespace, owner.name)}"`, kind, namespace: route.namespace, reasons },
            related: listeners.map((l) => ({ subject: owner.key, path: [...l.path, 'allowedRoutes'], note: `listener "${l.name}"` })),
          });
        }
      }
    }
  },
});

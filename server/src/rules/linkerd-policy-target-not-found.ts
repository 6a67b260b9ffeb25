/**
 * Linkerd policy that points at nothing: an AuthorizationPolicy whose `targetRef` names a
 * Server, HTTPRoute, GRPCRoute or Namespace that does not exist; a ServerAuthorization whose
 * `server` names (or selects) no Server; an HTTPRoute (Linkerd's or Gateway API's) whose parent
 * Server does not exist, or whose `kind: Server` parent lacks `group: policy.linkerd.io`.
 */
import { K, type Kind } from '../model/kinds';
import { defineRule } from './rule';
import { parentRefsOf } from './util/gateway-api-refs';
import { describeLabelSelector, existsImplicitly, LINKERD_POLICY_GROUP, linkerdRef, policyTargetKind } from './util/linkerd-refs';
import { labelSelectorSelects } from './util/selectors';
import { asObject, asString, isObject, labelsOf, specOf } from './util/values';

/** Route kinds whose parentRefs may name a Linkerd Server. */
const SERVER_PARENT_ROUTES: readonly Kind[] = [K.LinkerdHTTPRoute, K.HTTPRoute, K.GRPCRoute];

export default defineRule({
  code: 'MSH4001',
  name: 'linkerd-policy-target-not-found',
  severity: 'error',
  reads: [K.LinkerdAuthorizationPolicy, K.ServerAuthorization, K.LinkerdServer, K.LinkerdHTTPRoute, K.HTTPRoute, K.GRPCRoute, K.Namespace],
  docs: {
    summary: 'Every Linkerd AuthorizationPolicy, ServerAuthorization and route attaches to a Server, route or Namespace that exists.',
    rationale:
      'Linkerd applies a policy only to the object it targets; a policy whose target is missing authorizes nothing, so the traffic it was meant to allow is denied (or stays open, if the default policy allows it), and a route on a missing Server never applies.',
    seeAlso: ['https://linkerd.io/2/reference/authorization-policy/'],
  },
  messages: {
    targetNotFound: '{kind} "{name}" does not exist in namespace "{namespace}", so this policy applies to nothing.',
    namespaceNotFound: 'Namespace "{name}" does not exist, so this policy applies to nothing.',
    serverNotFound: 'Server "{name}" does not exist in namespace "{namespace}", so this authorization applies to nothing.',
    noServerSelected: 'No Server in namespace "{namespace}" matches the selector {selector}, so this authorization applies to nothing.',
    parentServerNotFound: 'Server "{name}" does not exist in namespace "{namespace}", so this route applies to nothing.',
    serverGroupMissing: '`kind: Server` in group "{group}" names no API; set `group: policy.linkerd.io` to attach this route to Linkerd Server "{name}".',
  },
  check({ index, report }) {
    for (const policy of index.ofKind(K.LinkerdAuthorizationPolicy)) {
      const ref = linkerdRef(specOf(policy)['targetRef']);
      const kind = ref && ref.name !== undefined ? policyTargetKind(ref) : undefined;
      // A kind with no object in view at all proves nothing about this one.
      if (!ref || kind === undefined || !index.knows(kind)) continue;
      const name = ref.name!;
      if (kind === K.Namespace) {
        if (!index.get(K.Namespace, '', name) && !existsImplicitly(kind, name)) {
          report({ subject: policy.key, path: ['spec', 'targetRef', 'name'], messageId: 'namespaceNotFound', data: { name } });
        }
        continue;
      }
      if (index.get(kind, policy.namespace, name)) continue;
      report({ subject: policy.key, path: ['spec', 'targetRef', 'name'], messageId: 'targetNotFound', data: { kind: ref.kind, name, namespace: policy.namespace } });
    }

    const knowsServers = index.knows(K.LinkerdServer);
    for (const authz of index.ofKind(K.ServerAuthorization)) {
      if (!knowsServers) break;
      const server = asObject(specOf(authz)['server']);
      const name = asString(server['name']);
      if (name !== undefined) {
        if (!index.get(K.LinkerdServer, authz.namespace, name)) {
          report({ subject: authz.key, path: ['spec', 'server', 'name'], messageId: 'serverNotFound', data: { name, namespace: authz.namespace } });
        }
      } else if (isObject(server['selector'])) {
        const selector = asObject(server['selector']);
        const servers = index.ofKind(K.LinkerdServer).filter((s) => s.namespace === authz.namespace);
        if (!servers.some((s) => labelSelectorSelects(selector, labelsOf(s)))) {
          report({
            subject: authz.key, path: ['spec', 'server', 'selector'], messageId: 'noServerSelected',
            data: { namespace: authz.namespace, selector: describeLabelSelector(selector) },
          });
        }
      }
    }

    for (const routeKind of SERVER_PARENT_ROUTES) {
      for (const route of index.ofKind(routeKind)) {
        for (const ref of parentRefsOf(route)) {
          if (ref.kind !== 'Server') continue;
          if (ref.group !== LINKERD_POLICY_GROUP) {
            // Only Linkerd's group has a Server kind; the default (Gateway API) group has none.
            if (ref.group !== 'gateway.networking.k8s.io') continue;
            report({
              subject: route.key, path: [...ref.path, ref.groupWritten ? 'group' : 'kind'], messageId: 'serverGroupMissing',
              data: { group: ref.group, name: ref.name },
              fixes: [{ title: 'Set group: policy.linkerd.io', preferred: true, edits: [{ op: 'set', path: [...ref.path, 'group'], value: LINKERD_POLICY_GROUP }] }],
            });
            continue;
          }
          if (!knowsServers || index.get(K.LinkerdServer, ref.namespace, ref.name)) continue;
          report({ subject: route.key, path: [...ref.path, 'name'], messageId: 'parentServerNotFound', data: { name: ref.name, namespace: ref.namespace } });
        }
      }
    }
  },
});

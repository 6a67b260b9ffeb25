/**
 * A Gateway API route whose parentRef names a Gateway (or ListenerSet) that does not exist, a
 * listener it does not have (`sectionName`), a port none of its listeners uses, or a listener
 * whose port differs from the one the parentRef also gives.
 */
import { K, type Kind } from '../model/kinds';
import { defineRule } from './rule';
import { kindName, LISTENER_SET, parentRefsOf, qualified, ROUTE_KINDS, X_LISTENER_SET } from './util/gateway-api-refs';
import { listenerOwnerKind, listenersOf } from './util/gateway-api-listeners';

export default defineRule({
  code: 'MSH3001',
  name: 'gatewayapi-parent-ref-not-found',
  severity: 'error',
  reads: [...ROUTE_KINDS, K.Gateway, LISTENER_SET, X_LISTENER_SET],
  docs: {
    summary: 'Every Gateway API route parentRef names an existing Gateway or ListenerSet, and an existing listener of it by name and port.',
    rationale:
      'A route attaches only to the listeners its parentRef selects; a missing Gateway, a misspelt sectionName or a port no listener uses leaves the route unattached, so its traffic is never served.',
    seeAlso: ['https://gateway-api.sigs.k8s.io/api-types/httproute/#attaching-to-gateways'],
  },
  messages: {
    parentNotFound: '{kind} "{parent}" does not exist, so this route attaches to nothing there.',
    listenerNotFound: '{kind} "{parent}" has no listener named "{sectionName}"; its listeners are {listeners}.',
    portNotFound: 'No listener of {kind} "{parent}" uses port {port}; its ports are {ports}.',
    sectionPortMismatch: 'Listener "{sectionName}" of {kind} "{parent}" uses port {actual}, not {port}.',
  },
  check({ index, report }) {
    for (const routeKind of ROUTE_KINDS) {
      for (const route of index.ofKind(routeKind)) {
        for (const ref of parentRefsOf(route)) {
          const ownerKind: Kind | undefined = listenerOwnerKind(ref);
          // Only Gateways and ListenerSets own listeners; Services are GAMMA's (another rule),
          // other kinds are implementation-specific. A kind with no object in view at all (the
          // platform team's Gateways may live in another repository) proves nothing.
          if (ownerKind === undefined || !index.knows(ownerKind)) continue;
          const parent = qualified(ref.namespace, ref.name);
          const kind = kindName(ownerKind);
          const owner = index.get(ownerKind, ref.namespace, ref.name);
          if (!owner) {
            report({ subject: route.key, path: [...ref.path, 'name'], messageId: 'parentNotFound', data: { kind, parent } });
            continue;
          }
          const listeners = listenersOf(owner);
          if (ref.sectionName !== undefined) {
            const listener = listeners.find((l) => l.name === ref.sectionName);
            if (!listener) {
              const names = listeners.map((l) => l.name);
              report({
                subject: route.key, path: [...ref.path, 'sectionName'], messageId: 'listenerNotFound',
                data: { kind, parent, sectionName: ref.sectionName, listeners: names.length === 0 ? 'none' : names.map((n) => `"${n}"`).join(', ') },
                related: [{ subject: owner.key, path: ['spec', 'listeners'], note: `the listeners of ${kind} ${parent}` }],
                fixes: names.map((n) => ({
                  title: `Attach to listener "${n}"`,
                  edits: [{ op: 'set' as const, path: [...ref.path, 'sectionName'], value: n }],
                  ...(names.length === 1 ? { preferred: true } : {}),
                })),
              });
            } else if (ref.port !== undefined && listener.port !== undefined && listener.port !== ref.port) {
              report({
                subject: route.key, path: [...ref.path, 'port'], messageId: 'sectionPortMismatch',
                data: { kind, parent, sectionName: listener.name, actual: listener.port, port: ref.port },
                related: [{ subject: owner.key, path: [...listener.path, 'port'], note: `listener "${listener.name}"` }],
                fixes: [{ title: `Use port ${listener.port}`, preferred: true, edits: [{ op: 'set', path: [...ref.path, 'port'], value: listener.port }] }],
              });
            }
            continue;
          }
          if (ref.port !== undefined && !listeners.some((l) => l.port === ref.port)) {
            const ports = [...new Set(listeners.map((l) => l.port).filter((p): p is number => p !== undefined))];
            report({
              subject: route.key, path: [...ref.path, 'port'], messageId: 'portNotFound',
              data: { kind, parent, port: ref.port, ports: ports.length === 0 ? 'none' : ports.join(', ') },
              fixes: ports.map((p) => ({
                title: `Use port ${p}`,
                edits: [{ op: 'set' as const, path: [...ref.path, 'port'], value: p }],
                ...(ports.length === 1 ? { preferred: true } : {}),
              })),
            });
          }
        }
      }
    }
  },
});

/**
 * Linkerd authentications that point at nothing: an AuthorizationPolicy's
 * `requiredAuthenticationRefs` naming a MeshTLSAuthentication, NetworkAuthentication or
 * ServiceAccount that does not exist; a MeshTLSAuthentication's `identityRefs` naming a missing
 * ServiceAccount or Namespace; a ServerAuthorization's `client.meshTLS.serviceAccounts` naming a
 * missing ServiceAccount.
 */
import { K } from '../model/kinds';
import type { Path } from '../parse/types';
import { defineRule } from './rule';
import { authenticationKind, existsImplicitly, linkerdRef } from './util/linkerd-refs';
import { asArray, asObject, asString, specOf } from './util/values';

export default defineRule({
  code: 'MSH4002',
  name: 'linkerd-authentication-not-found',
  severity: 'error',
  reads: [K.LinkerdAuthorizationPolicy, K.MeshTLSAuthentication, K.ServerAuthorization, K.NetworkAuthentication, K.ServiceAccount, K.Namespace],
  docs: {
    summary: 'Every authentication a Linkerd authorization requires, and every identity a MeshTLSAuthentication names, exists.',
    rationale:
      'Linkerd ignores an AuthorizationPolicy when any authentication it requires cannot be found, so the clients it was meant to admit are denied; an identity reference to a missing ServiceAccount or Namespace matches no client.',
    seeAlso: ['https://linkerd.io/2/reference/authorization-policy/'],
  },
  messages: {
    requiredNotFound: '{kind} "{namespace}/{name}" does not exist; Linkerd ignores an AuthorizationPolicy whose required authentications cannot all be found, so this policy admits no one.',
    identityNotFound: '{kind} "{target}" does not exist, so this identity reference matches no client.',
  },
  check({ index, report }) {
    const missing = (kind: ReturnType<typeof authenticationKind>, namespace: string, name: string): boolean => {
      if (kind === undefined || !index.knows(kind)) return false;
      const ns = kind === K.Namespace ? '' : namespace;
      return !index.get(kind, ns, name) && !existsImplicitly(kind, name);
    };

    for (const policy of index.ofKind(K.LinkerdAuthorizationPolicy)) {
      asArray(specOf(policy)['requiredAuthenticationRefs']).forEach((raw, i) => {
        const ref = linkerdRef(raw);
        if (!ref || ref.name === undefined) return;
        const kind = authenticationKind(ref);
        const namespace = ref.namespace ?? policy.namespace;
        if (kind === K.Namespace || !missing(kind, namespace, ref.name)) return;
        report({
          subject: policy.key, path: ['spec', 'requiredAuthenticationRefs', i, 'name'], messageId: 'requiredNotFound',
          data: { kind: ref.kind, namespace, name: ref.name },
        });
      });
    }

    const identity = (subject: string, path: Path, kind: ReturnType<typeof authenticationKind>, namespace: string, name: string, kindLabel: string): void => {
      if (!missing(kind, namespace, name)) return;
      report({ subject, path, messageId: 'identityNotFound', data: { kind: kindLabel, target: kind === K.Namespace ? name : `${namespace}/${name}` } });
    };
    for (const authn of index.ofKind(K.MeshTLSAuthentication)) {
      asArray(specOf(authn)['identityRefs']).forEach((raw, i) => {
        const ref = linkerdRef(raw);
        // Without a name, a reference means every object of its kind.
        if (!ref || ref.name === undefined) return;
        const kind = authenticationKind(ref);
        if (kind !== K.ServiceAccount && kind !== K.Namespace) return;
        identity(authn.key, ['spec', 'identityRefs', i, 'name'], kind, ref.namespace ?? authn.namespace, ref.name, ref.kind);
      });
    }
    for (const authz of index.ofKind(K.ServerAuthorization)) {
      const accounts = asArray(asObject(asObject(specOf(authz)['client'])['meshTLS'])['serviceAccounts']);
      accounts.forEach((raw, i) => {
        const sa = asObject(raw);
        const name = asString(sa['name']);
        if (name === undefined) return;
        identity(authz.key, ['spec', 'client', 'meshTLS', 'serviceAccounts', i, 'name'], K.ServiceAccount, asString(sa['namespace']) ?? authz.namespace, name, 'ServiceAccount');
      });
    }
  },
});

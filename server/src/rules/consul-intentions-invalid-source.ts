/**
 * ServiceIntentions sources that Consul's own validation rejects, checked offline: a source with
 * neither `action` nor L7 `permissions`, with both, L7 permissions on a wildcard (`*`)
 * destination, and the same source listed twice. Whether named services exist is not checked:
 * intentions may name services that are not registered yet, by design.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { asArray, asObject, asString, specOf } from './util/values';

export default defineRule({
  code: 'MSH5005',
  name: 'consul-intentions-invalid-source',
  severity: 'error',
  reads: [K.ServiceIntentions],
  docs: {
    summary: 'Every ServiceIntentions source has either an action or L7 permissions, permissions only for a named destination, and appears once.',
    rationale:
      'Consul validates intentions when the config entry is written: a source without an action (and without permissions), with both, with permissions on a wildcard destination, or listed twice makes Consul reject the whole entry, so none of its intentions apply.',
    seeAlso: ['https://developer.hashicorp.com/consul/docs/reference/config-entry/service-intentions'],
  },
  messages: {
    noAction: 'Source "{source}" has neither an action nor permissions; set `action: allow` or `action: deny`.',
    actionAndPermissions: 'Source "{source}" sets both an action and L7 permissions; Consul requires the action to be omitted when permissions are given.',
    wildcardPermissions: 'Source "{source}" has L7 permissions, which Consul does not allow on the wildcard destination "*".',
    duplicateSource: 'Source "{source}" is listed more than once (first at index {first}).',
  },
  check({ index, report }) {
    for (const intentions of index.ofKind(K.ServiceIntentions)) {
      const wildcard = asString(asObject(specOf(intentions)['destination'])['name']) === '*';
      const seen = new Map<string, number>();
      asArray(specOf(intentions)['sources']).forEach((raw, i) => {
        const src = asObject(raw);
        const name = asString(src['name']);
        if (name === undefined) return;
        const path = ['spec', 'sources', i];
        const hasAction = asString(src['action']) !== undefined;
        const hasPermissions = asArray(src['permissions']).length > 0;
        const label = [asString(src['peer']), asString(src['partition']), asString(src['namespace']), name].filter((x) => x !== undefined).join('/');
        if (!hasAction && !hasPermissions) report({ subject: intentions.key, path: [...path, 'name'], messageId: 'noAction', data: { source: label } });
        if (hasAction && hasPermissions) {
          report({
            subject: intentions.key, path: [...path, 'action'], target: 'key', messageId: 'actionAndPermissions', data: { source: label },
            fixes: [{ title: 'Remove the action (the permissions decide)', edits: [{ op: 'delete', path: [...path, 'action'] }] }],
          });
        }
        if (wildcard && hasPermissions) report({ subject: intentions.key, path: [...path, 'permissions'], target: 'key', messageId: 'wildcardPermissions', data: { source: label } });
        const key = JSON.stringify(['name', 'namespace', 'partition', 'peer', 'samenessGroup'].map((k) => asString(src[k]) ?? ''));
        const first = seen.get(key);
        if (first !== undefined) report({ subject: intentions.key, path: [...path, 'name'], messageId: 'duplicateSource', data: { source: label, first } });
        else seen.set(key, i);
      });
    }
  },
});

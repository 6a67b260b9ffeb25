/**
 * A ServiceEntry with TCP ports but no addresses to tell its traffic apart.
 */
import { K } from '../model/kinds';
import type { Resource } from '../model/resource';
import { defineRule } from './rule';
import { asArray, asObject, asString, specOf } from './util/values';

/**
 * Whether sidecars allocate addresses for ServiceEntries themselves: DNS capture on, with address
 * auto-allocation, in the mesh's default proxy metadata.
 */
function autoAllocated(raw: Readonly<Record<string, unknown>>): boolean {
  const metadata = asObject(asObject(raw['defaultConfig'])['proxyMetadata']);
  if (metadata['ISTIO_META_DNS_CAPTURE'] !== 'true') return false;
  return metadata['ISTIO_META_DNS_AUTO_ALLOCATE'] === 'true' || metadata['PILOT_ENABLE_IP_AUTOALLOCATE'] === 'true';
}

/** Whether the ServiceEntry has addresses, written or allocated by the control plane (status). */
function hasAddresses(se: Resource): boolean {
  return asArray(specOf(se)['addresses']).length > 0 || asArray(asObject(se.value['status'])['addresses']).length > 0;
}

export default defineRule({
  code: 'IST0134',
  istioName: 'ServiceEntryAddressesRequired',
  istioAnalyzer: 'serviceentry.Analyzer',
  name: 'serviceentry-addresses-required',
  severity: 'warning',
  reads: [K.ServiceEntry, K.MeshConfig],
  docs: {
    summary: 'A ServiceEntry with TCP (or unset) protocol ports lists `addresses`, unless the mesh allocates them.',
    rationale:
      'Plain TCP carries no host name, so a sidecar can only tell a ServiceEntry\'s TCP traffic apart by destination address; without addresses every such entry on the port shares one listener and traffic may go to the wrong service.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0134/'],
  },
  messages: {
    addressesRequired: 'Port {port} carries {protocol} traffic, which needs `addresses` on this ServiceEntry.',
  },
  check({ index, report }) {
    if (autoAllocated(index.meshConfig.raw)) return;
    for (const se of index.ofKind(K.ServiceEntry)) {
      if (hasAddresses(se)) continue;
      asArray(specOf(se)['ports']).forEach((raw, i) => {
        const port = asObject(raw);
        const protocol = asString(port['protocol']);
        if (protocol !== undefined && protocol.toUpperCase() !== 'TCP') return;
        report({
          subject: se.key,
          path: protocol === undefined ? ['spec', 'ports', i] : ['spec', 'ports', i, 'protocol'],
          messageId: 'addressesRequired',
          data: { port: typeof port['number'] === 'number' ? port['number'] : i, protocol: protocol === undefined ? 'unset-protocol (TCP)' : 'TCP' },
        });
      });
    }
  },
});

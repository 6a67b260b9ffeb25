/**
 * Pods in an injected namespace whose istio-proxy image differs from the one the injector of the
 * namespace's revision would inject now: they were injected by an older (or other) control plane
 * and keep running the old proxy until restarted.
 */
import { K } from '../model/kinds';
import type { Resource } from '../model/resource';
import type { Path } from '../parse/types';
import { defineRule } from './rule';
import { PROXY_CONFIG_KIND, ProxyImageTypes } from './util/proxy-image-type';
import {
  INJECTION_ENABLED,
  INJECTION_LABEL,
  INJECTOR_CONFIGMAP,
  PROXY_CONTAINER,
  REVISION_LABEL,
  injectorConfigMapName,
  injectorProxyImage,
  injectorValues,
} from './util/sidecar-injection';
import { annotationsOf, labelsOf } from './util/values';
import { containersOf, podTemplateOf } from './util/workload';

export default defineRule({
  code: 'IST0158',
  istioName: 'PodsIstioProxyImageMismatchInNamespace',
  istioAnalyzer: 'injection.ImageAnalyzer',
  name: 'namespace-proxy-image-mismatch',
  severity: 'warning',
  reads: [K.ConfigMap, K.Namespace, K.Pod, K.MeshConfig, PROXY_CONFIG_KIND],
  docs: {
    summary: 'Pods in injected namespaces run the proxy image their injector injects today.',
    rationale:
      'After an upgrade the injector injects the new proxy only into new pods; existing ones keep the old proxy, so the data plane runs mixed versions until each workload is restarted.',
    seeAlso: ['istioctl analyze IST0158', 'https://istio.io/latest/docs/setup/upgrade/'],
  },
  messages: {
    mismatch:
      'Pods in namespace "{namespace}" run an istio-proxy image other than the one the injector now injects ({image}): {pods}. Restart them to pick up the current proxy.',
  },
  check({ index, report }) {
    // Injector ConfigMap name -> the image it injects (any namespace; a later one wins).
    const images = new Map<string, string>();
    for (const cm of index.ofKind(K.ConfigMap)) {
      if (cm.name.startsWith(INJECTOR_CONFIGMAP)) images.set(cm.name, injectorProxyImage(injectorValues(cm)));
    }
    if (images.size === 0) return;
    // Namespace -> revision of its injector, for namespaces that inject sidecars.
    const revisions = new Map<string, string>();
    const namespaces = new Map(index.ofKind(K.Namespace).map((ns) => [ns.name, ns]));
    for (const ns of namespaces.values()) {
      const labels = labelsOf(ns);
      if (REVISION_LABEL in labels) revisions.set(ns.name, labels[REVISION_LABEL]!);
      else if (labels[INJECTION_LABEL] === INJECTION_ENABLED) revisions.set(ns.name, 'default');
    }
    const variants = new ProxyImageTypes(index);
    const mismatched = new Map<string, { pod: Resource; path: Path }[]>();
    const expected = new Map<string, string>();
    for (const pod of index.ofKind(K.Pod)) {
      const revision = revisions.get(pod.namespace);
      if (revision === undefined) continue;
      // A pod that names its own proxy image overrides the injector on purpose.
      if ((annotationsOf(pod)['sidecar.istio.io/proxyImage'] ?? '') !== '') continue;
      const image = images.get(injectorConfigMapName(revision));
      if (image === undefined) continue;
      const template = podTemplateOf(pod);
      if (!template) continue;
      const variant = variants.of(pod);
      for (const c of containersOf(template, { includeInit: true })) {
        if (c.name !== PROXY_CONTAINER) continue;
        if (c.image === image || c.image === `${image}-${variant}`) continue;
        const list = mismatched.get(pod.namespace) ?? [];
        list.push({ pod, path: [...c.path, 'image'] });
        mismatched.set(pod.namespace, list);
        expected.set(pod.namespace, image);
      }
    }
    for (const [name, pods] of mismatched) {
      const ns = namespaces.get(name);
      if (!ns) continue;
      report({
        subject: ns.key,
        path: ['metadata', 'name'],
        messageId: 'mismatch',
        data: { namespace: name, image: expected.get(name)!, pods: pods.map((p) => p.pod.name).join(', ') },
        related: pods.map((p) => ({ subject: p.pod.key, path: p.path, note: 'runs an older proxy image' })),
      });
    }
  },
});

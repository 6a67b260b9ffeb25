/**
 * A Pod whose istio-proxy container still has `image: auto`. The injector replaces that
 * placeholder when it injects; a Pod that already exists with it was never injected and cannot
 * pull the image.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { PROXY_CONTAINER } from './util/sidecar-injection';
import { containersOf, podTemplateOf } from './util/workload';

export default defineRule({
  code: 'IST0147',
  istioName: 'ImageAutoWithoutInjectionError',
  istioAnalyzer: 'injection.ImageAutoAnalyzer',
  name: 'image-auto-pod-not-injected',
  severity: 'error',
  reads: [K.Pod],
  docs: {
    summary: 'No Pod runs an istio-proxy container with the placeholder image "auto".',
    rationale:
      '`image: auto` is a request to the sidecar injector to fill in the gateway proxy image; a Pod that still carries it was not injected, and its container cannot start because no image is called "auto".',
    seeAlso: ['istioctl analyze IST0147', 'https://istio.io/latest/docs/setup/additional-setup/gateway/'],
  },
  messages: {
    notInjected: 'Pod "{name}" has an istio-proxy container with `image: auto` but was not injected, so the container cannot start.',
  },
  check({ index, report }) {
    for (const pod of index.ofKind(K.Pod)) {
      const template = podTemplateOf(pod);
      if (!template) continue;
      const auto = containersOf(template).find((c) => c.name === PROXY_CONTAINER && c.image === 'auto');
      if (!auto) continue;
      report({ subject: pod.key, path: [...auto.path, 'image'], messageId: 'notInjected', data: { name: pod.name } });
    }
  },
});

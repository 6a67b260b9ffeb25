/**
 * The proxy image variant ("distroless", "debug", or the default) in force for a pod. Istio picks
 * it from the most specific ProxyConfig: mesh-wide `defaultConfig.image.imageType`, then a
 * ProxyConfig in the root namespace, then a namespace-wide ProxyConfig, then a workload
 * ProxyConfig whose selector matches the pod, then the pod's `proxy.istio.io/config` annotation.
 * The variant is appended to the injected image's tag (`proxyv2:1.30.0-distroless`).
 */
import { parse as parseYaml } from 'yaml';
import type { Kind } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import type { ResourceIndex } from '../../model/resource-index';
import { mapSelects } from './selectors';
import { annotationsOf, asObject, asString, labelsOf, specOf, stringMap } from './values';

/** Istio's ProxyConfig custom resource. */
export const PROXY_CONFIG_KIND: Kind = 'networking.istio.io/ProxyConfig';

function imageTypeOf(config: unknown): string | undefined {
  return asString(asObject(asObject(config)['image'])['imageType']);
}

/** Resolves the image variant of pods; build once per check, then ask per pod. */
export class ProxyImageTypes {
  private readonly meshDefault: string | undefined;
  private readonly root: string | undefined;
  private readonly byNamespace = new Map<string, string | undefined>();
  private readonly workloads: { namespace: string; selector: Readonly<Record<string, string>>; imageType: string | undefined }[] = [];

  constructor(index: ResourceIndex) {
    const mesh = index.meshConfig;
    this.meshDefault = imageTypeOf(asObject(mesh.raw)['defaultConfig']);
    let root: string | undefined;
    for (const pc of index.ofKind(PROXY_CONFIG_KIND)) {
      const spec = specOf(pc);
      const selector = stringMap(asObject(spec['selector'])['matchLabels']);
      if (pc.namespace === mesh.rootNamespace) root = imageTypeOf(spec) ?? root;
      else if (spec['selector'] === undefined || spec['selector'] === null) this.byNamespace.set(pc.namespace, imageTypeOf(spec));
      else this.workloads.push({ namespace: pc.namespace, selector, imageType: imageTypeOf(spec) });
    }
    this.root = root;
  }

  /** The variant for a pod, '' for the default image. */
  of(pod: Resource): string {
    let variant = this.meshDefault ?? '';
    if (this.root) variant = this.root;
    const ns = this.byNamespace.get(pod.namespace);
    if (ns) variant = ns;
    const labels = labelsOf(pod);
    for (const w of this.workloads) {
      if (w.namespace === pod.namespace && w.imageType && Object.keys(w.selector).length > 0 && mapSelects(w.selector, labels)) variant = w.imageType;
    }
    const annotation = annotationsOf(pod)['proxy.istio.io/config'];
    if (annotation !== undefined) {
      try {
        const fromPod = imageTypeOf(parseYaml(annotation));
        if (fromPod) variant = fromPod;
      } catch {
        // An unreadable annotation is annotation-invalid-value's finding; it sets nothing here.
      }
    }
    return variant === 'default' ? '' : variant;
  }
}

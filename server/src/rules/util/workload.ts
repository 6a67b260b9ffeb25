/**
 * A workload's pod template as rules see it: the labels, annotations and pod spec of a Pod, or of
 * the pod template of a Deployment, with the paths at which they live so findings land on them.
 */
import type { Resource } from '../../model/resource';
import { isRecord } from '../../parse/document';
import type { Path } from '../../parse/types';
import { annotationsOf, labelsOf, stringMap } from './values';

/** One container of a pod spec, with its path from the resource root. */
export interface ContainerAt {
  readonly container: Readonly<Record<string, unknown>>;
  readonly name: string | undefined;
  readonly image: string | undefined;
  readonly path: Path;
  readonly init: boolean;
}

/** The pod-level view of a Pod or of a Deployment's pod template. */
export interface PodTemplate {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly spec: Readonly<Record<string, unknown>>;
  /** Path of the pod spec from the resource root: ['spec'] or ['spec', 'template', 'spec']. */
  readonly specPath: Path;
}

/** The pod template of a Pod (itself) or a Deployment (spec.template); undefined for other kinds. */
export function podTemplateOf(resource: Resource): PodTemplate | undefined {
  const kind = resource.kind;
  if (kind === 'core/Pod') {
    const spec = isRecord(resource.value['spec']) ? resource.value['spec'] : {};
    return { labels: labelsOf(resource), annotations: annotationsOf(resource), spec, specPath: ['spec'] };
  }
  if (kind === 'apps/Deployment') {
    const outer = isRecord(resource.value['spec']) ? resource.value['spec'] : {};
    const template = isRecord(outer['template']) ? outer['template'] : {};
    const meta = isRecord(template['metadata']) ? template['metadata'] : {};
    const spec = isRecord(template['spec']) ? template['spec'] : {};
    return {
      labels: stringMap(meta['labels']),
      annotations: stringMap(meta['annotations']),
      spec,
      specPath: ['spec', 'template', 'spec'],
    };
  }
  return undefined;
}

/** The containers of a pod spec, then (when asked) its init containers. */
export function containersOf(template: PodTemplate, options: { includeInit?: boolean } = {}): ContainerAt[] {
  const out: ContainerAt[] = [];
  const lists: [string, boolean][] = [['containers', false]];
  if (options.includeInit) lists.push(['initContainers', true]);
  for (const [field, init] of lists) {
    const list = template.spec[field];
    if (!Array.isArray(list)) continue;
    list.forEach((c, i) => {
      if (!isRecord(c)) return;
      out.push({
        container: c,
        name: typeof c['name'] === 'string' ? c['name'] : undefined,
        image: typeof c['image'] === 'string' ? c['image'] : undefined,
        path: [...template.specPath, field, i],
        init,
      });
    });
  }
  return out;
}

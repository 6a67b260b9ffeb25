/**
 * Test helpers for the schema validator.
 *
 * realSchemasDir(): a schemas directory in the production layout (index.json + one JSON file per
 * CRD version holding its openAPIV3Schema verbatim). It is the repository's schemas/ when the
 * generator has produced it; otherwise it is built here from the upstream CRDs in
 * $MESH_CRDS_DIR (default: the shared/ folder beside the repository, ../shared/crds) into a temp directory shared by test processes.
 * When neither exists, tests that need real CRDs skip.
 *
 * writeSchemasDir(): a throwaway schemas directory from in-memory entries, for synthetic schemas.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { CatalogEntry } from '../../../server/src/schema/catalog';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const CRDS_DIR = process.env.MESH_CRDS_DIR ?? path.resolve(REPO_ROOT, '..', 'shared', 'crds');
const BUILD_VERSION = 'v3';

interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: { openAPIV3Schema?: unknown };
  subresources?: unknown;
  additionalPrinterColumns?: unknown;
}

function listYaml(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir).sort()) {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) {
      if (f === 'templates' || f === 'golden') continue; // duplicates of linkerd/rendered
      out.push(...listYaml(p));
    } else if (/\.ya?ml$/.test(f)) out.push(p);
  }
  return out;
}

/** Builds index entries + schema files from upstream CRD YAML (the generator's contract). */
export function buildSchemasFromCrds(crdsDir: string, outDir: string): number {
  const entries: CatalogEntry[] = [];
  for (const file of listYaml(crdsDir)) {
    const rel = path.relative(crdsDir, file);
    const top = rel.split(path.sep)[0]!;
    const mesh = top;
    const channel = top === 'gateway-api' ? (rel.split(path.sep)[1] as 'standard' | 'experimental') : null;
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const crd = doc.toJS() as { kind?: string; spec?: { group: string; names: { kind: string; plural: string; listKind?: string }; scope: string; versions: CrdVersion[] } };
      if (!crd || crd.kind !== 'CustomResourceDefinition' || !crd.spec) continue;
      const { group, names, scope, versions } = crd.spec;
      if (mesh === 'linkerd' && group === 'gateway.networking.k8s.io') continue; // bundled copies
      for (const v of versions) {
        const schema = v.schema?.openAPIV3Schema;
        const schemaFile = schema ? path.posix.join(mesh, ...(channel ? [channel] : []), `${group}_${names.kind}_${v.name}.json`) : null;
        if (schema && schemaFile) {
          mkdirSync(path.join(outDir, path.dirname(schemaFile)), { recursive: true });
          writeFileSync(path.join(outDir, schemaFile), JSON.stringify(schema));
        }
        entries.push({
          group,
          version: v.name,
          apiVersion: `${group}/${v.name}`,
          kind: names.kind,
          plural: names.plural,
          listKind: names.listKind ?? `${names.kind}List`,
          scope: scope as 'Namespaced' | 'Cluster',
          served: v.served,
          storage: v.storage,
          deprecated: v.deprecated === true,
          deprecationWarning: v.deprecationWarning ?? null,
          removedIn: null,
          replacement: null,
          mesh,
          channel,
          subresources: v.subresources ?? null,
          printerColumns: v.additionalPrinterColumns ?? null,
          file: schemaFile,
        });
      }
    }
  }
  writeFileSync(path.join(outDir, 'index.json'), JSON.stringify({ entries }, null, 1));
  return entries.length;
}

let cachedDir: string | null | undefined;

/** A schemas directory with the real CRDs, or null when none is available (tests then skip). */
export function realSchemasDir(): string | null {
  if (cachedDir !== undefined) return cachedDir;
  const repoSchemas = path.join(REPO_ROOT, 'schemas');
  if (process.env.MESH_SCHEMAS_FROM_CRDS !== '1' && existsSync(path.join(repoSchemas, 'index.json'))) {
    cachedDir = repoSchemas;
    return cachedDir;
  }
  if (!existsSync(CRDS_DIR)) {
    cachedDir = null;
    return null;
  }
  const target = path.join(os.tmpdir(), `mesh-lifecycle-crd-schemas-${BUILD_VERSION}`);
  if (!existsSync(path.join(target, 'index.json'))) {
    // Build in a private directory and rename, so parallel test processes never see half a tree.
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'mesh-lifecycle-crd-build-'));
    buildSchemasFromCrds(CRDS_DIR, tmp);
    try {
      renameSync(tmp, target);
    } catch {
      rmSync(tmp, { recursive: true, force: true }); // another process won the race
    }
  }
  cachedDir = target;
  return cachedDir;
}

export interface SyntheticKind {
  readonly group: string;
  readonly kind: string;
  readonly versions: readonly {
    readonly name: string;
    readonly schema?: unknown;
    readonly served?: boolean;
    readonly storage?: boolean;
    readonly deprecated?: boolean;
    readonly deprecationWarning?: string;
    readonly removedIn?: string;
    readonly replacement?: string;
    readonly channel?: 'standard' | 'experimental';
    readonly mesh?: string;
    readonly subresources?: unknown;
    readonly scope?: 'Namespaced' | 'Cluster';
  }[];
}

/** Writes a schemas directory for synthetic kinds; returns its path. */
export function writeSchemasDir(kinds: readonly SyntheticKind[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mesh-lifecycle-schema-test-'));
  const entries: CatalogEntry[] = [];
  for (const k of kinds) {
    for (const v of k.versions) {
      const file = v.schema === undefined ? null : `${v.mesh ?? 'test'}/${v.channel ?? 'none'}/${k.kind}-${v.name}.json`;
      if (file) {
        mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
        writeFileSync(path.join(dir, file), JSON.stringify(v.schema));
      }
      entries.push({
        group: k.group,
        version: v.name,
        apiVersion: `${k.group}/${v.name}`,
        kind: k.kind,
        plural: k.kind.toLowerCase() + 's',
        listKind: k.kind + 'List',
        scope: v.scope ?? 'Namespaced',
        served: v.served ?? true,
        storage: v.storage ?? false,
        deprecated: v.deprecated ?? false,
        deprecationWarning: v.deprecationWarning ?? null,
        removedIn: v.removedIn ?? null,
        replacement: v.replacement ?? null,
        mesh: v.mesh ?? 'test',
        channel: v.channel ?? null,
        subresources: v.subresources ?? null,
        file,
      });
    }
  }
  writeFileSync(path.join(dir, 'index.json'), JSON.stringify({ entries }));
  return dir;
}

/** Parses a multi-document YAML string into plain JS documents. */
export function yamlDocs(text: string): Record<string, unknown>[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as Record<string, unknown>)
    .filter((d) => d !== null && typeof d === 'object');
}

/** The identity of a plain document, as the parser would report it. */
export function identityOf(doc: Record<string, unknown>): { apiVersion: string | null; kind: string | null; namespace: string | null; name: string | null } {
  const meta = (doc.metadata ?? {}) as Record<string, unknown>;
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return { apiVersion: str(doc.apiVersion), kind: str(doc.kind), namespace: str(meta.namespace), name: str(meta.name) };
}

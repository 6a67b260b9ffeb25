/**
 * Reading the project's schemas/ directory: the index, the schema files, the built-in schemas.
 *
 * The server finds schemas/ by walking up from its own compiled location to the repository root
 * (the directory with tsconfig.json and schemas/index.json), or uses `schemasDir` when a test
 * passes one. If there is no index (for instance while the schemas are being regenerated) the
 * server starts with the built-in kinds only, and says so in `catalog.missing`.
 *
 * Schema files are parsed once per process and shared: stored CRD objects and resource types point
 * at the same parsed schema, and nothing mutates them except the one-time list annotation of the
 * generated built-in schemas, which are parsed separately for that reason.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { crdsFromIndex, type IndexEntry } from './crds';
import type { Schema } from './schemainfo';
import type { KubeObject } from './types';

/** What the server loads from schemas/. */
export interface Catalog {
  /** Schemas of built-in kinds, keyed `<apiVersion>/<Kind>` (fresh copies, safe to annotate). */
  builtinSchemas: Map<string, Schema>;
  /** CRD objects for every mesh kind in the index. */
  crds: KubeObject[];
  /** Set when the index could not be read, with the reason. */
  missing?: string;
}

/** The schemas/ directory of the repository this file was compiled from, if any. */
export function findSchemasDir(start: string = __dirname): string | undefined {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'tsconfig.json')) && existsSync(path.join(dir, 'schemas', 'index.json'))) {
      return path.join(dir, 'schemas');
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

const shared = new Map<string, Schema>();

function readSchema(dir: string, file: string): Schema {
  const full = path.join(dir, file);
  let schema = shared.get(full);
  if (!schema) {
    schema = JSON.parse(readFileSync(full, 'utf8')) as Schema;
    shared.set(full, schema);
  }
  return schema;
}

/** Loads the catalog. Never throws: a missing or unreadable index yields built-ins only. */
export function loadCatalog(options: { schemasDir?: string; gatewayApiChannel?: string; loadCrds?: boolean }): Catalog {
  const dir = options.schemasDir ?? findSchemasDir();
  const catalog: Catalog = { builtinSchemas: new Map(), crds: [] };
  if (!dir) {
    catalog.missing = 'schemas/index.json not found';
    return catalog;
  }
  let entries: IndexEntry[];
  try {
    const index = JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8')) as { entries?: IndexEntry[] };
    entries = Array.isArray(index.entries) ? index.entries : [];
  } catch (err) {
    catalog.missing = `cannot read ${path.join(dir, 'index.json')}: ${(err as Error).message}`;
    return catalog;
  }
  for (const e of entries) {
    if (e.mesh !== 'kubernetes' || !e.file || !e.served) continue;
    const apiVersion = e.group ? `${e.group}/${e.version}` : e.version;
    try {
      catalog.builtinSchemas.set(`${apiVersion}/${e.kind}`, JSON.parse(readFileSync(path.join(dir, e.file), 'utf8')) as Schema);
    } catch {
      // A missing built-in schema only means that kind is not schema-validated.
    }
  }
  if (options.loadCrds !== false) {
    const usable = entries.filter((e) => {
      if (!e.file) return true;
      return existsSync(path.join(dir, e.file));
    });
    catalog.crds = crdsFromIndex(usable, (file) => readSchema(dir, file), options.gatewayApiChannel ?? 'experimental');
  }
  return catalog;
}

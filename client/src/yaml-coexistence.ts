/**
 * Living with Red Hat's YAML extension (redhat.vscode-yaml).
 *
 * That extension validates every YAML file against whatever schema it associates with the file:
 * `yaml.schemas`, SchemaStore, and with the `kubernetes` association its Kubernetes schema plus,
 * for custom resources, CRD schemas fetched from a public catalogue (`yaml.kubernetesCRDStore`).
 * For a mesh resource that means a second set of diagnostics from different (often older) CRD
 * schemas next to ours: duplicates at best, contradictions at worst.
 *
 * Its extension API lets another extension contribute schemas by content:
 * `registerContributor(name, requestSchema, requestSchemaContent)`. It asks every contributor
 * for a schema URI before it looks at its own associations, and a contributed URI wins over all of
 * them (only an explicit `# yaml-language-server: $schema=` modeline or `$schema` key wins over a
 * contributor). So for a file holding a mesh kind we validate, we answer with a schema that
 * accepts anything, and the YAML extension stops schema-checking it; for every other file we
 * answer nothing, and it behaves exactly as before.
 *
 *   file text ─> documentHeaders (top-level apiVersion/kind of each document, a cheap scan)
 *             ─> schemaFor: a catalogued mesh kind, in a file our server analyses, setting on?
 *             ─> PERMISSIVE_SCHEMA_URI, or undefined ("not ours")
 *
 * The decision (everything above the "VS Code glue" line) takes plain values, so unit tests run it
 * without VS Code. The glue receives the `vscode` module from its caller instead of importing it,
 * for the same reason.
 *
 * Limits, by design of that API: the answer is per file, so in a file that mixes mesh resources
 * with other manifests the YAML extension's schema checks stop for the others too; YAML syntax
 * problems are reported by both extensions, each of which parses the file; another extension that
 * contributes schemas the same way (such as the Kubernetes extension) still adds its own.
 */
import { readFileSync } from 'node:fs';
import type * as vscode from 'vscode';
import { looksTemplated } from '../../server/src/analysis/templated';

export const YAML_EXTENSION_ID = 'redhat.vscode-yaml';
/** Under the `meshLifecycle` section. */
export const SUPPRESS_SETTING = 'yamlExtension.suppressDuplicates';
/** The contributor's name, which the YAML extension also uses as the URI scheme of its schemas. */
export const SCHEMA_SCHEME = 'meshlifecycle';
export const PERMISSIVE_SCHEMA_URI = `${SCHEMA_SCHEME}://schemas/mesh-resources.json`;

/** The schema we answer with: it accepts any document, so the YAML extension reports nothing. */
export const PERMISSIVE_SCHEMA: Readonly<Record<string, unknown>> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Mesh Lifecycle',
  description:
    'This file holds service-mesh resources, which Mesh Lifecycle checks (CRD schemas and mesh rules); the YAML extension leaves them alone. Setting: meshLifecycle.yamlExtension.suppressDuplicates.',
};

// ---------------------------------------------------------------------------------------------
// The decision (no VS Code)

/** The group/kind pairs whose documents we validate. */
export interface MeshKinds {
  has(apiVersion: string, kind: string): boolean;
  readonly size: number;
}

/**
 * The mesh kinds of the schema catalogue (`schemas/index.json`, the file the server reads): every
 * catalogued group/kind except core Kubernetes ones. Those stay with the YAML extension, whose
 * Kubernetes schema knows every built-in kind; versions do not matter, since the server also
 * reports a mesh kind written with an old or unknown apiVersion.
 */
export function meshKindsFromCatalog(index: unknown): MeshKinds {
  const keys = new Set<string>();
  const entries = typeof index === 'object' && index !== null ? (index as { entries?: unknown }).entries : undefined;
  for (const entry of Array.isArray(entries) ? entries : []) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { group, kind, mesh } = entry as Record<string, unknown>;
    if (typeof group !== 'string' || typeof kind !== 'string' || mesh === 'kubernetes') continue;
    keys.add(`${group}/${kind}`);
  }
  return {
    has: (apiVersion, kind) => keys.has(`${groupOf(apiVersion)}/${kind}`),
    size: keys.size,
  };
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The top-level apiVersion and kind of one YAML document (null when it has none). */
export interface DocumentHeader {
  readonly apiVersion: string | null;
  readonly kind: string | null;
}

const DOCUMENT_START = /^---(?=\s|$)/;
const DOCUMENT_END = /^\.\.\.(?=\s|$)/;
const TOP_LEVEL_KEY = /^(["']?)(apiVersion|kind)\1[ \t]*:(?=\s|$)(.*)$/;
const FLOW_KEY = (key: string): RegExp => new RegExp(`["']?\\b${key}\\b["']?\\s*:\\s*(?:"([^"]*)"|'([^']*)'|([^\\s,}\\]]+))`);

/**
 * The apiVersion and kind of every document of a file, found by a line scan rather than a full
 * parse: the YAML extension asks for every document of every check it makes, and a manifest's
 * apiVersion and kind are top-level keys at column 0. Flow-style (JSON) documents are searched for
 * the first `apiVersion`/`kind` keys instead.
 */
export function documentHeaders(text: string): DocumentHeader[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const out: DocumentHeader[] = [];
  let current: string[] = [];
  const finish = (): void => {
    const header = headerOf(current);
    if (header.apiVersion !== null || header.kind !== null) out.push(header);
    current = [];
  };
  for (const line of lines) {
    if (DOCUMENT_START.test(line)) {
      finish();
      // Content may follow the marker on the same line (`--- {apiVersion: v1, ...}`).
      const rest = line.slice(3).trim();
      if (rest !== '' && !rest.startsWith('#')) current.push(rest);
    } else if (DOCUMENT_END.test(line)) {
      finish();
    } else {
      current.push(line);
    }
  }
  finish();
  return out;
}

function headerOf(lines: readonly string[]): DocumentHeader {
  const first = lines.find((l) => l.trim() !== '' && !l.trimStart().startsWith('#') && !l.startsWith('%'));
  if (first !== undefined && /^\s*[{[]/.test(first)) {
    const body = lines.join('\n');
    return { apiVersion: flowValue(body, 'apiVersion'), kind: flowValue(body, 'kind') };
  }
  let apiVersion: string | null = null;
  let kind: string | null = null;
  lines.forEach((line, i) => {
    const m = TOP_LEVEL_KEY.exec(line);
    if (!m) return;
    let value = scalar(m[3]!);
    // `kind:` with its value on the next, indented line.
    if (value === null) {
      const next = lines.slice(i + 1).find((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
      if (next !== undefined && /^\s/.test(next)) value = scalar(next);
    }
    if (m[2] === 'apiVersion') apiVersion ??= value;
    else kind ??= value;
  });
  return { apiVersion, kind };
}

function flowValue(body: string, key: string): string | null {
  const m = FLOW_KEY(key).exec(body);
  if (!m) return null;
  const value = m[1] ?? m[2] ?? m[3] ?? '';
  return value === '' ? null : value;
}

/** A plain, single- or double-quoted scalar with an optional trailing comment; null if none. */
function scalar(raw: string): string | null {
  const s = raw.trim();
  if (s === '' || s.startsWith('#')) return null;
  if (s.startsWith('"')) {
    const end = s.indexOf('"', 1);
    return end > 1 ? s.slice(1, end) : null;
  }
  if (s.startsWith("'")) {
    const m = /^'((?:[^']|'')*)'/.exec(s);
    return m && m[1] !== '' ? m[1]!.replace(/''/g, "'") : null;
  }
  const value = s.replace(/\s+#.*$/, '').trim();
  return value === '' ? null : value;
}

/** What the decision needs to know about a document and the user's settings. */
export interface SchemaQuery {
  /** The URI scheme; our server checks `file` and `untitled` documents. */
  readonly scheme: string;
  readonly languageId: string;
  readonly text: string;
  /** `meshLifecycle.yamlExtension.suppressDuplicates`. */
  readonly enabled: boolean;
  /** `meshLifecycle.maxFileSize`: larger files are not analysed by our server. */
  readonly maxFileSize: number;
}

/**
 * The schema URI to give the YAML extension for a document, or undefined to leave the document
 * to it. We claim a file only when our server will analyse it (the languages and schemes it is
 * registered for, within the size limit, not a Helm-style template, which it skips) and when it
 * holds at least one mesh kind; otherwise we would silence checks that nobody makes.
 */
export function schemaFor(query: SchemaQuery, kinds: MeshKinds): string | undefined {
  if (!query.enabled || query.languageId !== 'yaml') return undefined;
  if (query.scheme !== 'file' && query.scheme !== 'untitled') return undefined;
  if (query.text.length > query.maxFileSize || looksTemplated(query.text)) return undefined;
  const mesh = documentHeaders(query.text).some((h) => h.apiVersion !== null && h.kind !== null && kinds.has(h.apiVersion, h.kind));
  return mesh ? PERMISSIVE_SCHEMA_URI : undefined;
}

/** The content for a schema URI we handed out (the YAML extension asks once and caches it). */
export function schemaContent(uri: string): string | undefined {
  return uri === PERMISSIVE_SCHEMA_URI ? JSON.stringify(PERMISSIVE_SCHEMA) : undefined;
}

// ---------------------------------------------------------------------------------------------
// VS Code glue

/** The part of the YAML extension's exported API we use. */
export interface YamlExtensionApi {
  registerContributor(
    schema: string,
    requestSchema: (resource: string) => string | undefined,
    requestSchemaContent: (uri: string) => string | undefined,
  ): boolean;
}

/** The parts of the `vscode` module the glue uses (tests pass a fake). */
export type VscodeApi = {
  readonly extensions: Pick<typeof vscode.extensions, 'getExtension' | 'onDidChange'>;
  readonly workspace: Pick<typeof vscode.workspace, 'textDocuments' | 'getConfiguration'>;
  readonly Uri: Pick<typeof vscode.Uri, 'parse'>;
};

/** What the registered callbacks consult; replaced on every start, cleared on dispose. */
interface Decider {
  requestSchema(resource: string): string | undefined;
}

/**
 * The YAML extension has no way to unregister a contributor, and refuses a second one with the
 * same name. So the callbacks are registered once per extension host (per YAML extension API
 * object) and delegate to whichever start is current; after dispose they answer nothing.
 */
let current: Decider | undefined;
const registeredWith = new WeakSet<object>();

const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

/**
 * Starts answering the YAML extension's schema requests, now if it is installed, or as soon as it
 * is. Returns what stops it. Never throws: coexistence is a courtesy, not a reason to fail.
 */
export function startYamlCoexistence(api: VscodeApi, extension: Pick<vscode.ExtensionContext, 'asAbsolutePath'>, log: Pick<vscode.LogOutputChannel, 'info' | 'warn'>): vscode.Disposable {
  let kinds: MeshKinds | undefined;
  const meshKinds = (): MeshKinds => {
    if (!kinds) {
      try {
        kinds = meshKindsFromCatalog(JSON.parse(readFileSync(extension.asAbsolutePath('schemas/index.json'), 'utf8')));
      } catch (error) {
        log.warn(`Red Hat YAML coexistence: cannot read the schema catalogue (${String(error)}); the YAML extension checks every file.`);
        kinds = meshKindsFromCatalog(null);
      }
    }
    return kinds;
  };
  // The YAML extension asks once per YAML document per check, so decide once per file version.
  const decisions = new Map<string, { version: number; enabled: boolean; uri: string | undefined }>();

  const decider: Decider = {
    requestSchema(resource) {
      try {
        const document = findOpenDocument(api, resource);
        if (!document) return undefined;
        const config = api.workspace.getConfiguration('meshLifecycle', document.uri);
        const enabled = config.get<boolean>(SUPPRESS_SETTING, true) !== false;
        const key = document.uri.toString();
        const cached = decisions.get(key);
        if (cached && cached.version === document.version && cached.enabled === enabled) return cached.uri;
        const maxFileSize = config.get<number>('maxFileSize', DEFAULT_MAX_FILE_SIZE);
        const uri = schemaFor({
          scheme: document.uri.scheme,
          languageId: document.languageId,
          text: document.getText(),
          enabled,
          maxFileSize: typeof maxFileSize === 'number' && maxFileSize > 0 ? maxFileSize : DEFAULT_MAX_FILE_SIZE,
        }, meshKinds());
        if (decisions.size > 500) decisions.clear();
        decisions.set(key, { version: document.version, enabled, uri });
        return uri;
      } catch (error) {
        log.warn(`Red Hat YAML coexistence: deciding the schema of ${resource} failed: ${String(error)}`);
        return undefined;
      }
    },
  };
  current = decider;

  let done = false;
  let attempt: Promise<void> | undefined;
  const tryRegister = (): void => {
    if (done || attempt) return;
    const yaml = api.extensions.getExtension<YamlExtensionApi | undefined>(YAML_EXTENSION_ID);
    if (!yaml) return;
    attempt = (async () => {
      try {
        const yamlApi = yaml.isActive ? yaml.exports : await yaml.activate();
        done = true;
        watcher.dispose();
        if (current !== decider) return; // stopped meanwhile
        if (typeof yamlApi !== 'object' || yamlApi === null || typeof yamlApi.registerContributor !== 'function') {
          log.warn('Red Hat YAML coexistence: this version of the YAML extension offers no schema contributor API; both extensions will report problems in mesh resources.');
          return;
        }
        if (!registeredWith.has(yamlApi)) {
          const ok = yamlApi.registerContributor(SCHEMA_SCHEME, (resource) => current?.requestSchema(resource), schemaContent);
          if (!ok) {
            log.warn(`Red Hat YAML coexistence: another schema contributor already uses the name "${SCHEMA_SCHEME}".`);
            return;
          }
          registeredWith.add(yamlApi);
        }
        log.info(`Red Hat YAML extension found: it leaves files with mesh resources to Mesh Lifecycle (setting meshLifecycle.${SUPPRESS_SETTING}).`);
      } catch (error) {
        done = true;
        watcher.dispose();
        log.warn(`Red Hat YAML coexistence: activating the YAML extension failed: ${String(error)}`);
      } finally {
        attempt = undefined;
      }
    })();
  };
  // Installed or enabled later: register then.
  const watcher = api.extensions.onDidChange(tryRegister);
  tryRegister();

  return {
    dispose: () => {
      done = true;
      watcher.dispose();
      if (current === decider) current = undefined;
      decisions.clear();
    },
  };
}

function findOpenDocument(api: VscodeApi, resource: string): vscode.TextDocument | undefined {
  const exact = api.workspace.textDocuments.find((d) => d.uri.toString() === resource);
  if (exact) return exact;
  // The same URI may be encoded differently (drive letters, reserved characters).
  const normalized = api.Uri.parse(resource).toString();
  return api.workspace.textDocuments.find((d) => d.uri.toString() === normalized);
}

/**
 * `mesh-lifecycle`, the command-line face of the engine. It lints all its files as one Workspace
 * (analysis/workspace.ts), as the language server does, so CI and the editor agree. Exit codes:
 * 0 clean (below the threshold), 1 findings at or above the threshold, 2 usage or I/O errors.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { configFrom, withProjectDefaults } from './analysis/config';
import { ignoreMatcher, loadProjectConfig, PROJECT_FILE_NAME } from './analysis/project-file';
import { inChartTemplates, looksTemplated } from './analysis/templated';
import { Workspace } from './analysis/workspace';
import { parseCommandLine, USAGE, UsageError, type LintOptions } from './cli/args';
import { readClusterForLint } from './cli/cluster';
import { collectFiles, InputError } from './cli/files';
import { formatGithub } from './cli/format/github';
import { formatJson } from './cli/format/json';
import { formatJunit } from './cli/format/junit';
import { formatSarif } from './cli/format/sarif';
import { formatText } from './cli/format/text';
import { SEVERITY_RANK, type Finding } from './findings/finding';
import { meshConfigFrom } from './model/mesh-config';
import { version } from '../../package.json';

/** Where the CLI writes; injectable so tests can run it in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<string>;
  /** Where the project file search starts (default: the process's working directory). */
  readonly cwd?: string;
  /** Whether stdout is a terminal that shows colours (false for pipes, files and NO_COLOR). */
  readonly colorSupported?: boolean;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let options;
  try {
    options = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`mesh-lifecycle: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.command === 'help') {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (options.command === 'version') {
    io.stdout(`${version}\n`);
    return 0;
  }
  try {
    return await lint(options, io);
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr(`mesh-lifecycle: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

async function lint(options: LintOptions, io: CliIo): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const project = loadProjectConfig(cwd);
  for (const problem of project.problems) io.stderr(`mesh-lifecycle: warning: ${problem}\n`);
  // Mesh-wide settings are read up front so a bad path fails the run before any output.
  const meshConfigFile = options.meshConfig ?? project.meshConfig;
  const meshNetworksFile = options.meshNetworks ?? project.meshNetworks;
  const meshConfig = await readMeshFile('--mesh-config', meshConfigFile);
  const meshNetworks = meshNetworksFile === null ? null : { file: meshNetworksFile, text: await readText(meshNetworksFile) };
  if (meshNetworks) await readMeshFile('--mesh-networks', meshNetworksFile);
  const config = withProjectDefaults(configFrom({
    ...(options.maxFileSize !== null ? { maxFileSize: options.maxFileSize } : {}),
    ...(options.gatewayApiChannel !== null ? { gatewayApiChannel: options.gatewayApiChannel } : {}),
    ...options.ruleOptions,
  }), project);
  const ignored = ignoreMatcher(project);
  const files = await collectFiles(options.paths, {
    skip: (file) => ignored(file) || inChartTemplates(file) || path.basename(file) === PROJECT_FILE_NAME,
  });
  const explicit = new Set(options.paths);
  // The live cluster (--context, -n, -A), read once before the files: its CRDs decide their schemas.
  const live = options.cluster ? await readClusterForLint(options.cluster, config, (text) => io.stderr(`mesh-lifecycle: warning: ${text}\n`)) : null;
  // One workspace for every file: cross-file rules see all of them.
  const workspace = new Workspace({ config: live ? live.configure(config) : config, ...live?.workspaceOptions });
  live?.apply(workspace);
  if (meshConfig !== undefined) workspace.setMeshConfig(meshConfigFrom(meshConfig));
  if (meshNetworks) workspace.setMeshNetworks(meshNetworks.file, meshNetworks.text);
  const linted: string[] = [];
  // Files are read a few dozen ahead of the one being checked: read one after another, 5,000
  // small files left the process waiting on the disk for seconds.
  const texts = readAhead(files, (file) => (file === '-' ? io.readStdin() : readText(file)), 32);
  for (const file of files) {
    const text = await texts.next();
    // Template files found in folders are not manifests yet; named on the command line, they are linted.
    if (!explicit.has(file) && looksTemplated(text)) continue;
    workspace.setFile(file, text);
    linted.push(file);
  }
  const result = workspace.analyze();
  for (const e of result.errors) {
    io.stderr(`mesh-lifecycle: internal error in rule ${e.rule}, its findings are missing: ${e.error instanceof Error ? e.error.message : String(e.error)}\n`);
  }
  // Findings in file order, then any on other files (the mesh networks file, cluster objects).
  const lintedSet = new Set(linted);
  const order = [...linted, ...[...result.findings.keys()].filter((f) => !lintedSet.has(f)).sort()];
  const findings: Finding[] = order.flatMap((f) => result.findings.get(f) ?? []);
  if (options.format === 'json') io.stdout(formatJson(findings));
  else if (options.format === 'sarif') io.stdout(formatSarif(findings, version));
  else if (options.format === 'junit') io.stdout(formatJunit(findings, linted));
  else if (options.format === 'github') io.stdout(formatGithub(findings));
  else io.stdout(formatText(findings, linted.length, options.color && io.colorSupported === true));
  const threshold = SEVERITY_RANK[options.failureThreshold];
  return findings.some((f) => SEVERITY_RANK[f.severity] <= threshold) ? 1 : 0;
}

/**
 * Reads items in order, keeping up to `window` reads in flight ahead of the one asked for. A read
 * that fails rejects when its turn comes, as reading them one by one would.
 */
function readAhead(items: readonly string[], read: (item: string) => Promise<string>, window: number): { next(): Promise<string> } {
  const started: (Promise<string> | undefined)[] = [];
  let taken = 0;
  return {
    next() {
      while (started.length < items.length && started.length < taken + window) {
        const p = read(items[started.length]!);
        p.catch(() => undefined); // observed when its turn comes; not an unhandled rejection before that
        started.push(p);
      }
      const p = started[taken]!;
      started[taken++] = undefined;
      return p;
    },
  };
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`Cannot read "${file}": ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
  }
}

async function readMeshFile(flag: string, file: string | null): Promise<unknown> {
  if (file === null) return undefined;
  const text = await readText(file);
  try {
    const value: unknown = parseYaml(text);
    if (value !== null && value !== undefined && (typeof value !== 'object' || Array.isArray(value))) {
      throw new Error('expected a YAML mapping');
    }
    return value;
  } catch (error) {
    throw new InputError(`${flag} "${file}" is not a valid mesh configuration: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}.`);
  }
}

function readAllStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    process.stdin.on('data', (d: Buffer) => parts.push(d));
    process.stdin.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

if (require.main === module) {
  runCli(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: readAllStdin,
    colorSupported: process.stdout.isTTY === true && !process.env['NO_COLOR'],
  }).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
      process.stderr.write(`mesh-lifecycle: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}

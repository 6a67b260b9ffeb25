/**
 * `mesh-lifecycle`, the command-line face of the engine. It runs the same Analyzer as the
 * language server, so CI and the editor agree. Exit codes: 0 clean (below the threshold),
 * 1 findings at or above the threshold, 2 usage or I/O errors.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { createAnalyzer } from './analysis/create';
import { configFrom } from './analysis/config';
import { parseCommandLine, USAGE, UsageError, type LintOptions } from './cli/args';
import { collectFiles, InputError } from './cli/files';
import { formatJson } from './cli/format/json';
import { formatSarif } from './cli/format/sarif';
import { formatText } from './cli/format/text';
import { SEVERITY_RANK, type Finding } from './findings/finding';
import { version } from '../../package.json';

/** Where the CLI writes; injectable so tests can run it in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<string>;
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
  // Mesh-wide settings are read up front so a bad path fails the run before any output.
  await readMeshFile('--mesh-config', options.meshConfig);
  await readMeshFile('--mesh-networks', options.meshNetworks);
  const config = configFrom({
    ...(options.maxFileSize !== null ? { maxFileSize: options.maxFileSize } : {}),
    ...(options.gatewayApiChannel !== null ? { gatewayApiChannel: options.gatewayApiChannel } : {}),
  });
  const analyzer = createAnalyzer(config);
  const files = await collectFiles(options.paths);
  const findings: Finding[] = [];
  for (const file of files) {
    const text = file === '-' ? await io.readStdin() : await readText(file);
    findings.push(...analyzer.analyzeText(file, text));
  }
  if (options.format === 'json') io.stdout(formatJson(findings));
  else if (options.format === 'sarif') io.stdout(formatSarif(findings, version));
  else io.stdout(formatText(findings, files.length, options.color));
  const threshold = SEVERITY_RANK[options.failureThreshold];
  return findings.some((f) => SEVERITY_RANK[f.severity] <= threshold) ? 1 : 0;
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
  }).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
      process.stderr.write(`mesh-lifecycle: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}

// The machine a result came from, so a number is never read without its hardware. Nothing here
// names a path, a user or a host.
import { execFileSync } from 'node:child_process';
import os from 'node:os';

function git(repoRoot, args) {
  try {
    return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export function machineInfo(repoRoot) {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

export function sourceInfo(repoRoot) {
  const status = git(repoRoot, ['status', '--porcelain']);
  return { commit: git(repoRoot, ['rev-parse', '--short', 'HEAD']), uncommittedChanges: status === null ? null : status.length > 0 };
}

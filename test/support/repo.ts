/** Locates the repository from compiled tests (they run from out/test/...). */
import { existsSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT: string = (() => {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'out') {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('repository root not found');
    dir = parent;
  }
  // out/ also holds a copy of package.json (tsc copies imported JSON); skip past it.
  return existsSync(path.join(dir, 'tsconfig.json')) ? dir : path.dirname(dir);
})();

export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
/** The bundled server; MESH_TEST_SERVER_BUNDLE runs the tests against another build of it. */
export const SERVER = process.env['MESH_TEST_SERVER_BUNDLE'] || path.join(REPO_ROOT, 'dist', 'server.js');

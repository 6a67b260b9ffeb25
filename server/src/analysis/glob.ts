/**
 * Glob patterns for `ignore:` in the project file, with gitignore's everyday meaning: `*` and `?`
 * stay inside a path segment, `**` crosses segments, a pattern without a slash matches a name at
 * any depth, and a trailing slash (or a match on a folder) covers everything under it.
 * Paths are compared with forward slashes, relative to the project file's folder.
 */

/** Compiles a pattern into a test on relative paths. */
export function globMatcher(pattern: string): (relativePath: string) => boolean {
  let p = pattern.trim().replace(/\\/g, '/');
  if (p.startsWith('./')) p = p.slice(2);
  const anchored = p.startsWith('/') || p.replace(/\/$/, '').includes('/');
  p = p.replace(/^\//, '').replace(/\/$/, '');
  let body = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '*' && p[i + 1] === '*') {
      const slash = p[i + 2] === '/';
      body += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') body += '[^/]*';
    else if (c === '?') body += '[^/]';
    else body += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const re = new RegExp(`^${anchored ? '' : '(?:.*/)?'}${body}(?:/.*)?$`);
  return (relativePath) => re.test(relativePath.replace(/\\/g, '/'));
}

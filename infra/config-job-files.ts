// Local job inputs (`jobs.<key>.input.files`): each entry is a file or a glob relative to the project root,
// expanded here into a sorted list of files so the program is deterministic. Globs: `*` and `?` within one path
// segment, `**` across segments. Node 20 has no fs.glob, hence this small matcher.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * The folder holding Pulumi.yaml above this module: the project root in the sources and in the compiled copy
 * (bin/infra/), whatever the working directory (Pulumi runs the program in dirname(main) = bin/infra).
 */
export function projectRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'Pulumi.yaml'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}

export type Expanded = { files: string[] } | { problem: string };

const GLOB_CHARS = /[*?]/;

/** Absolute paths of the files `pattern` names under `root`, or why it names none. */
export function expandFilePattern(root: string, pattern: string): Expanded {
  const absolute = resolve(root, pattern);
  if (!GLOB_CHARS.test(pattern)) {
    const stat = statOrUndefined(absolute);
    if (!stat) return { problem: `does not exist (looked for ${absolute}); allowed: a file or glob relative to the project root ${root}` };
    if (!stat.isFile()) return { problem: `is a folder, not a file; allowed: a file, or a glob such as ${join(pattern, '*.txt')}` };
    return { files: [absolute] };
  }
  const segments = toPosix(relative(root, absolute)).split('/');
  const firstGlob = segments.findIndex((s) => GLOB_CHARS.test(s));
  const base = isAbsolute(pattern) && firstGlob === 0 ? sep : join(root, ...segments.slice(0, firstGlob));
  const matcher = globRegExp(segments.slice(firstGlob).join('/'));
  const files = walk(base, segments.slice(firstGlob).includes('**'), segments.length - firstGlob)
    .filter((file) => matcher.test(toPosix(relative(base, file))))
    .sort();
  if (files.length === 0) return { problem: `matches no file under ${root}; allowed: a glob that names at least one file (e.g. data/docs/*.txt)` };
  return { files };
}

/** `relative(root, file)` with forward slashes: how a file is shown and named in the bucket on every OS. */
export function shownPath(root: string, file: string): string {
  return toPosix(relative(root, file));
}

function walk(dir: string, deep: boolean, depth: number): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return deep || depth > 1 ? walk(path, deep, depth - 1) : [];
    return entry.isFile() && (deep || depth === 1) ? [path] : [];
  });
}

function globRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` matches zero or more whole segments; a trailing `**` anything below.
      out += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

const toPosix = (path: string) => path.split(sep).join('/');

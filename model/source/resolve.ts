/**
 * Where the export reads USE lite from: `real` (the nine official files, downloaded once into a cache and
 * verified against the pinned digests) or a folder the user gives (air-gapped use, or a fixture).
 */
import { access, mkdir, stat } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { DigestMismatchError, downloadVerified, NetworkError, sha256OfFile, type DownloadProgress } from './download';
import { DEFAULT_BASE_URLS, fileUrl, officialDigests, OFFICIAL_FILES } from './official';

export const REAL_SOURCE = 'real';

export interface ResolveOptions {
  cacheDir?: string;
  baseUrls?: string[];
  log?: (line: string) => void;
  fetchImpl?: typeof fetch;
}

export interface ResolvedSource {
  dir: string;
  kind: 'real' | 'folder';
  /** Files whose bytes differ from the official ones (a fixture, or modified weights); empty for `real`. */
  unofficialFiles: string[];
}

export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'vertex-embeddings', 'use-lite');
}

function offlineHelp(cause: string): string {
  return (
    `cannot download the USE lite model (${cause}).\n` +
    `No network? Pass a folder holding the nine files instead: npm run export -- --source DIR --out OUT\n` +
    `  (files: ${OFFICIAL_FILES.join(', ')}), or use the offline fixture: npm run fixture -- --out DIR`
  );
}

function progressLogger(log: (line: string) => void): (p: DownloadProgress) => void {
  const lastDecile = new Map<string, number>();
  return ({ file, received, total }) => {
    if (!total) return;
    const decile = Math.floor((received / total) * 10);
    if (decile === lastDecile.get(file)) return;
    lastDecile.set(file, decile);
    log(`  ${file}: ${(received / 1e6).toFixed(1)} / ${(total / 1e6).toFixed(1)} MB (${decile * 10}%)`);
  };
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}

export async function downloadRealSource(opts: ResolveOptions = {}): Promise<ResolvedSource> {
  const log = opts.log ?? (() => {});
  const dir = opts.cacheDir ?? defaultCacheDir();
  const digests = officialDigests();
  await mkdir(dir, { recursive: true });
  for (const file of OFFICIAL_FILES) {
    const dest = path.join(dir, file);
    const sha256 = digests.get(file)!;
    if ((await exists(dest)) && (await sha256OfFile(dest)) === sha256) {
      log(`${file}: cached, verified`);
      continue;
    }
    let lastError: Error | undefined;
    for (const base of opts.baseUrls ?? DEFAULT_BASE_URLS) {
      try {
        log(`${file}: downloading from ${base}`);
        await downloadVerified({ url: fileUrl(base, file), dest, sha256, label: file, onProgress: progressLogger(log), fetchImpl: opts.fetchImpl });
        lastError = undefined;
        break;
      } catch (err) {
        if (err instanceof DigestMismatchError) throw err;
        if (!(err instanceof NetworkError)) throw err;
        lastError = err;
      }
    }
    if (lastError) throw new Error(offlineHelp(lastError.message));
    log(`${file}: verified`);
  }
  return { dir, kind: 'real', unofficialFiles: [] };
}

export async function useFolderSource(dir: string): Promise<ResolvedSource> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new Error(`--source ${dir}: not a folder (give '${REAL_SOURCE}' or a folder holding ${OFFICIAL_FILES.join(', ')})`);
  const missing = [];
  for (const f of OFFICIAL_FILES) if (!(await exists(path.join(dir, f)))) missing.push(f);
  if (missing.length) throw new Error(`--source ${dir}: missing ${missing.join(', ')} (a USE lite folder holds ${OFFICIAL_FILES.join(', ')})`);
  const digests = officialDigests();
  const unofficialFiles = [];
  for (const f of OFFICIAL_FILES) if ((await sha256OfFile(path.join(dir, f))) !== digests.get(f)) unofficialFiles.push(f);
  return { dir, kind: 'folder', unofficialFiles };
}

export function resolveSource(source: string, opts: ResolveOptions = {}): Promise<ResolvedSource> {
  return source === REAL_SOURCE ? downloadRealSource(opts) : useFolderSource(source);
}

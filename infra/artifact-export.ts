// The SavedModel for the configured model source, exported once per (source bytes, converter version) and reused
// from a local cache afterwards, so `pulumi preview` with a warm cache only hashes files.
//
//   source   real    → model/source (download once into its cache, pinned SHA-256s)
//            fixture → model/fixture (deterministic synthetic weights), written once under the cache
//            folder  → model.folder as given
//   cache    <exportsDir>/<key>/ where key = sha256(converter version, extension versions, source file digests);
//            written to a temporary folder and renamed, so concurrent runs and interrupted runs never leave a
//            half-written export that a later run would trust. A cached export is re-verified (saved_model.pb
//            digest against its manifest) before use.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { FIXTURE_SEED, writeFixture } from '../model/fixture/generate';
import { CONVERTER_VERSION, exportSavedModel, type ExportManifest, MANIFEST_FILE } from '../model/savedmodel/export';
import { DEFAULT_EXTENSIONS } from '../model/savedmodel/extensions';
import { sha256OfFile } from '../model/source/download';
import { resolveSource } from '../model/source/resolve';
import type { StackConfig } from './config';

export interface ArtifactFile {
  /** Path relative to the artifact folder, `/`-separated (the object name below the digest prefix). */
  path: string;
  sha256: string;
  bytes: number;
}

export interface PreparedArtifact {
  /** Local folder holding saved_model.pb, variables/ and export-manifest.json. */
  dir: string;
  digest: string;
  files: ArtifactFile[];
  manifest: ExportManifest;
  fromCache: boolean;
  sourceKind: StackConfig['model']['source'];
}

export interface PrepareOptions {
  /** Exports cache (default: <project>/.cache/model-export, or $MODEL_EXPORT_DIR). */
  exportsDir: string;
  /** Where the fixture source is written (default: <project>/.cache/model-fixture). */
  fixtureDir: string;
  /** Where `real` downloads go (default: model/source's XDG cache). */
  realSourceDir?: string;
  log: (line: string) => void;
}

export class ModelExportError extends Error {
  constructor(source: string, cause: Error) {
    super(`model export failed (model.source: ${source}): ${cause.message}`);
    this.name = 'ModelExportError';
  }
}

async function listFiles(root: string, dir = root): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (e) => (e.isDirectory() ? listFiles(root, path.join(dir, e.name)) : e.isFile() ? [path.relative(root, path.join(dir, e.name))] : [])),
  );
  return nested.flat().sort();
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(() => true, () => false);
}

/** Renames `tmp` to `final` unless another run got there first (then its copy is kept and ours dropped). */
async function publish(tmp: string, final: string): Promise<void> {
  try {
    await rename(tmp, final);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    if (!(await exists(final))) throw error;
  }
}

async function fixtureSource(fixtureDir: string, log: (line: string) => void): Promise<string> {
  const dir = path.join(fixtureDir, String(FIXTURE_SEED));
  if (await exists(path.join(dir, 'model.json'))) return dir;
  log(`model: writing the offline fixture (seed ${FIXTURE_SEED}) to ${dir}`);
  await mkdir(fixtureDir, { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  await writeFixture(tmp);
  await publish(tmp, dir);
  return dir;
}

async function sourceDir(model: StackConfig['model'], opts: PrepareOptions): Promise<string> {
  if (model.source === 'fixture') return fixtureSource(opts.fixtureDir, opts.log);
  const resolved = await resolveSource(model.source === 'real' ? 'real' : model.folder!, { cacheDir: opts.realSourceDir, log: opts.log });
  if (resolved.unofficialFiles.length) opts.log(`model: ${resolved.unofficialFiles.join(', ')} differ from the official USE lite files`);
  return resolved.dir;
}

/** Identity of an export: what the exporter reads and which exporter reads it. */
export async function exportKey(dir: string): Promise<string> {
  const files = (await listFiles(dir)).filter((f) => !f.endsWith('.part'));
  const source: Record<string, string> = {};
  for (const f of files) source[f] = await sha256OfFile(path.join(dir, f));
  const identity = { converterVersion: CONVERTER_VERSION, extensions: DEFAULT_EXTENSIONS.map((e) => `${e.name}@${e.version}`), source };
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

/** The cached export if it is complete and intact, else undefined. */
async function readCachedExport(dir: string): Promise<ExportManifest | undefined> {
  const manifest = await readFile(path.join(dir, MANIFEST_FILE), 'utf8').then((t) => JSON.parse(t) as ExportManifest, () => undefined);
  if (!manifest) return undefined;
  for (const [file, expected] of Object.entries(manifest.outputs)) {
    const actual = await sha256OfFile(path.join(dir, file)).catch(() => undefined);
    if (actual !== expected.sha256) return undefined;
  }
  return manifest;
}

/** Digests of the export's files; those the (just verified) manifest lists are not hashed a second time. */
async function describeFiles(dir: string, manifest: ExportManifest): Promise<ArtifactFile[]> {
  const files = await listFiles(dir);
  return Promise.all(
    files.map(async (f) => {
      const objectPath = f.split(path.sep).join('/');
      const known = manifest.outputs[objectPath];
      const sha256 = known?.sha256 ?? (await sha256OfFile(path.join(dir, f)));
      return { path: objectPath, sha256, bytes: (await stat(path.join(dir, f))).size };
    }),
  );
}

export async function prepareModelArtifact(model: StackConfig['model'], opts: PrepareOptions): Promise<PreparedArtifact> {
  try {
    const started = Date.now();
    const source = await sourceDir(model, opts);
    const key = await exportKey(source);
    const dir = path.join(opts.exportsDir, key);
    let manifest = await readCachedExport(dir);
    const fromCache = manifest !== undefined;
    if (!manifest) {
      opts.log(`model: exporting ${source} to a TF SavedModel (cache miss, key ${key.slice(0, 12)})`);
      await mkdir(opts.exportsDir, { recursive: true });
      await rm(dir, { recursive: true, force: true });
      const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
      manifest = (await exportSavedModel({ sourceDir: source, outDir: tmp })).manifest;
      await publish(tmp, dir);
    }
    const files = await describeFiles(dir, manifest);
    const seconds = ((Date.now() - started) / 1000).toFixed(2);
    opts.log(`model: artifact ${manifest.artifactDigest.slice(0, 12)} ${fromCache ? 'from the export cache' : 'exported'} in ${seconds}s (${files.length} files)`);
    return { dir, digest: manifest.artifactDigest, files, manifest, fromCache, sourceKind: model.source };
  } catch (error) {
    throw new ModelExportError(model.source === 'folder' ? `folder ${model.folder}` : model.source, error as Error);
  }
}

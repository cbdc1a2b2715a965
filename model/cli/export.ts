/** `npm run export -- --source real|DIR --out DIR [--cache-dir DIR]`: tfjs USE lite → TF SavedModel. */
import { exportSavedModel } from '../savedmodel/export';
import { REAL_SOURCE, resolveSource } from '../source/resolve';
import { fail, parseFlags, runCli } from './args';

const USAGE = 'npm run export -- --source real|DIR --out DIR [--cache-dir DIR]';

void runCli(async () => {
  const flags = parseFlags({ source: { type: 'string', default: REAL_SOURCE }, out: { type: 'string' }, 'cache-dir': { type: 'string' } }, USAGE);
  if (!flags.out) fail(`--out is required\nusage: ${USAGE}`);
  const started = Date.now();
  const source = await resolveSource(flags.source!, { cacheDir: flags['cache-dir'], log: (line) => console.log(line) });
  if (source.unofficialFiles.length) {
    console.log(`note: ${source.unofficialFiles.join(', ')} differ from the official USE lite files (a fixture or modified weights)`);
  }
  const result = await exportSavedModel({ sourceDir: source.dir, outDir: flags.out });
  const seconds = ((Date.now() - started) / 1000).toFixed(2);
  console.log(`exported ${source.dir} → ${result.outDir} in ${seconds}s`);
  console.log(`  saved_model.pb ${(result.savedModelBytes / 1e6).toFixed(2)} MB, signatures: ${result.manifest.signatures.join(', ')}`);
  console.log(`  artifact digest ${result.artifactDigest} (manifest: export-manifest.json)`);
});

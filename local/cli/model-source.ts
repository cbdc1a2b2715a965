// Which USE lite weights `npm start` exports: the official files when they are already in the cache (or a folder
// the user names), otherwise the offline fixture, with a warning that its embeddings are synthetic. Nothing is
// downloaded unless the user asks for `--source real`.
import { join } from 'node:path';
import { writeFixture } from '../../model/fixture/generate';
import { defaultCacheDir, REAL_SOURCE, resolveSource, useFolderSource } from '../../model/source/resolve';

export interface ChosenSource {
  dir: string;
  synthetic: boolean;
  description: string;
}

export function syntheticWarning(cacheDir: string): string[] {
  return [
    'WARNING: the official USE lite weights are not cached here, so this run exports the offline fixture:',
    '  the real graph and vocabulary with synthetic (seeded) weights. THESE EMBEDDINGS ARE SYNTHETIC: they show the',
    '  flow end to end but mean nothing. To get real ones, once with network access:',
    `    npm run export -- --source real --out /tmp/use-lite-savedmodel   (caches the official files in ${cacheDir})`,
    '  then `npm start` again (it uses the cache), or `npm start -- --source DIR` with a folder holding the nine files.',
  ];
}

export async function chooseModelSource(source: string | undefined, workDir: string, log: (line: string) => void): Promise<ChosenSource> {
  if (source !== undefined) {
    const resolved = await resolveSource(source, { log });
    const synthetic = resolved.unofficialFiles.length > 0;
    if (synthetic) log(`note: ${resolved.unofficialFiles.join(', ')} differ from the official USE lite files (a fixture or modified weights)`);
    return { dir: resolved.dir, synthetic, description: source === REAL_SOURCE ? 'official USE lite (verified)' : `folder ${resolved.dir}` };
  }
  const cacheDir = defaultCacheDir();
  const cached = await useFolderSource(cacheDir).catch(() => undefined);
  if (cached && cached.unofficialFiles.length === 0) {
    return { dir: cached.dir, synthetic: false, description: `official USE lite from the cache ${cacheDir}` };
  }
  for (const line of syntheticWarning(cacheDir)) log(line);
  const fixture = await writeFixture(join(workDir, 'use-lite-fixture'));
  return { dir: fixture.outDir, synthetic: true, description: 'offline fixture (synthetic weights)' };
}

// Which USE lite weights `npm start` exports. The stack's `model.source` says what `pulumi up` would use; offline,
// `real` means "the official files if they are already in the cache": nothing is downloaded unless the user asks
// with `--source real`. Without the cache the run falls back to the fixture and says loudly that its embeddings
// are synthetic and how to get real ones.
import type { StackConfig } from '../../infra/config';
import { defaultCacheDir, useFolderSource } from '../../model/source/resolve';

export interface ChosenSource {
  model: StackConfig['model'];
  synthetic: boolean;
  description: string;
}

export function syntheticWarning(cacheDir: string): string[] {
  return [
    'WARNING: this run exports the offline fixture: the real graph and vocabulary with synthetic (seeded) weights.',
    '  THESE EMBEDDINGS ARE SYNTHETIC: they show the flow end to end but mean nothing. To get real ones, once with',
    '  network access:',
    `    npm run export -- --source real --out /tmp/use-lite-savedmodel   (caches the official files in ${cacheDir})`,
    '  then `npm start` again (it uses the cache), or `npm start -- --source DIR` with a folder holding the nine files.',
  ];
}

/** `flag`: the --source value (real | fixture | a folder), else the stack's model.source. */
export async function chooseModelSource(stackModel: StackConfig['model'], flag: string | undefined, log: (line: string) => void): Promise<ChosenSource> {
  const cacheDir = defaultCacheDir();
  const model = (source: StackConfig['model']['source'], folder?: string): StackConfig['model'] => ({
    ...stackModel,
    source,
    ...(folder ? { folder } : { folder: undefined }),
  });
  if (flag === 'real') return { model: model('real'), synthetic: false, description: 'official USE lite (downloaded if not cached, verified)' };
  if (flag !== undefined && flag !== 'fixture') {
    const folder = await useFolderSource(flag);
    const synthetic = folder.unofficialFiles.length > 0;
    if (synthetic) log(`note: ${folder.unofficialFiles.join(', ')} in ${flag} differ from the official USE lite files`);
    return { model: model('folder', folder.dir), synthetic, description: `folder ${folder.dir}` };
  }
  if (flag === undefined && stackModel.source === 'folder') {
    return { model: stackModel, synthetic: false, description: `folder ${stackModel.folder} (stack config)` };
  }
  if (flag === undefined && stackModel.source === 'real') {
    const cached = await useFolderSource(cacheDir).catch(() => undefined);
    if (cached && cached.unofficialFiles.length === 0) return { model: model('real'), synthetic: false, description: `official USE lite, cached in ${cacheDir}` };
  }
  for (const line of syntheticWarning(cacheDir)) log(line);
  return { model: model('fixture'), synthetic: true, description: 'offline fixture (synthetic weights)' };
}

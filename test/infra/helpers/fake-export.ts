// A tiny stand-in for an export folder, for tests of the artifact provider: saved_model.pb holding `content`, and
// the manifest naming a digest derived from it (the provider only checks that the two agree).
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelArtifactInputs } from '../../../infra/artifact-provider';

export interface FakeExport {
  dir: string;
  digest: string;
}

export async function fakeExport(workDir: string, content: string): Promise<FakeExport> {
  const digest = createHash('sha256').update(content).digest('hex');
  const dir = join(workDir, digest.slice(0, 8));
  await mkdir(join(dir, 'variables'), { recursive: true });
  await writeFile(join(dir, 'saved_model.pb'), content);
  await writeFile(join(dir, 'export-manifest.json'), JSON.stringify({ artifactDigest: digest }));
  return { dir, digest };
}

export function fakeArtifactInputs(bucket: string, exp: FakeExport, keep?: number): ModelArtifactInputs {
  return {
    providerVersion: '1',
    bucket,
    prefix: 'models/use-lite',
    digest: exp.digest,
    localDir: exp.dir,
    files: ['export-manifest.json', 'saved_model.pb'],
    ...(keep ? { keep } : {}),
  };
}

/** Test helper: a fresh fixture folder (and optionally its export) in a temp dir, removed by `cleanup`. */
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFixture } from '../../model/fixture/generate';

export async function tempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function fixtureFolder(): Promise<{ root: string; fixture: string; cleanup: () => Promise<void> }> {
  const { dir, cleanup } = await tempDir('use-fixture');
  const fixture = path.join(dir, 'fixture');
  await writeFixture(fixture);
  return { root: dir, fixture, cleanup };
}

// A throw-away project folder (Pulumi.yaml + one stack file) for tests of what the local CLIs read from disk.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs `body` with a folder holding this project's Pulumi.yaml and `Pulumi.<stack>.yaml` = `stackFile`; removed after. */
export async function withStackProject(stack: string, stackFile: string, body: (root: string) => void | Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'stack-project-'));
  try {
    await writeFile(join(root, 'Pulumi.yaml'), 'name: vertex-embeddings\nruntime: nodejs\n');
    await writeFile(join(root, `Pulumi.${stack}.yaml`), stackFile);
    await body(root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

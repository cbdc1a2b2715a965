/**
 * Temporary folders of this process, recorded while they exist, so that an interrupted run (Ctrl-C, SIGTERM:
 * local/cli/interrupt.ts) can remove the ones whose owner never reached its own `finally`. Owners still
 * remove their folder themselves (removeTempDir) on the normal path.
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const live = new Set<string>();

export async function makeTempDir(prefix: string, parent = tmpdir()): Promise<string> {
  const dir = await mkdtemp(join(parent, prefix));
  live.add(dir);
  return dir;
}

export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  live.delete(dir);
}

/** Removes every folder still recorded (synchronously: the process is about to exit); returns them. */
export function removeAllTempDirs(): string[] {
  const removed = [...live];
  for (const dir of removed) rmSync(dir, { recursive: true, force: true });
  live.clear();
  return removed;
}

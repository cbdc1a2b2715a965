/**
 * Resumable, verified download of one file over HTTP(S).
 *
 * Bytes go to `<dest>.part`; an existing part is continued with an HTTP Range request (a server that ignores
 * Range and answers 200 restarts it). A connection that ends early is resumed from where it stopped, up to
 * `maxAttempts`. Only a complete file whose SHA-256 equals the pinned digest is renamed to `dest`; a mismatch
 * deletes the part (the next run starts clean) and fails naming the file and both digests.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendFile, rename, rm, stat, writeFile } from 'node:fs/promises';

export class DigestMismatchError extends Error {}
export class NetworkError extends Error {}

export interface DownloadProgress {
  file: string;
  received: number;
  total?: number;
}

export interface DownloadOptions {
  url: string;
  dest: string;
  sha256: string;
  label?: string;
  maxAttempts?: number;
  onProgress?: (p: DownloadProgress) => void;
  fetchImpl?: typeof fetch;
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function sizeOf(file: string): Promise<number> {
  return (await stat(file).catch(() => undefined))?.size ?? 0;
}

/** One HTTP attempt: append what arrives to the part file. Returns true when the server said it was complete. */
async function attempt(opts: DownloadOptions, part: string): Promise<boolean> {
  const label = opts.label ?? opts.dest;
  const have = await sizeOf(part);
  let response: Response;
  try {
    response = await (opts.fetchImpl ?? fetch)(opts.url, { headers: have > 0 ? { Range: `bytes=${have}-` } : {} });
  } catch (err) {
    throw new NetworkError(`cannot reach ${opts.url}: ${(err as Error).cause ?? (err as Error).message}`);
  }
  if (response.status === 416 && have > 0) return true; // the part already holds every byte
  if (response.status !== 200 && response.status !== 206) {
    throw new NetworkError(`GET ${opts.url}: HTTP ${response.status} ${response.statusText}`);
  }
  let received = have;
  if (response.status === 200) {
    await writeFile(part, new Uint8Array());
    received = 0;
  }
  const length = Number(response.headers.get('content-length') ?? NaN);
  const total = Number.isFinite(length) ? received + length : undefined;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      await appendFile(part, chunk);
      received += chunk.length;
      opts.onProgress?.({ file: label, received, total });
    }
  } catch {
    return false; // connection dropped: keep the part and resume
  }
  return total === undefined || received >= total;
}

export async function downloadVerified(opts: DownloadOptions): Promise<void> {
  const part = `${opts.dest}.part`;
  const maxAttempts = opts.maxAttempts ?? 5;
  let complete = false;
  for (let i = 0; i < maxAttempts && !complete; i++) complete = await attempt(opts, part);
  if (!complete) throw new NetworkError(`${opts.url}: download still incomplete after ${maxAttempts} attempts (progress is kept in ${part})`);
  const digest = await sha256OfFile(part);
  if (digest !== opts.sha256) {
    await rm(part, { force: true });
    throw new DigestMismatchError(`${opts.label ?? opts.dest}: SHA-256 ${digest} does not match the pinned ${opts.sha256} (downloaded from ${opts.url}); the partial file was deleted`);
  }
  await rename(part, opts.dest);
}

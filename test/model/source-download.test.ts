import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { writeFixture } from '../../model/fixture/generate';
import { DigestMismatchError, downloadVerified } from '../../model/source/download';
import { UPSTREAM_DIR } from '../../model/source/official';
import { downloadRealSource, useFolderSource } from '../../model/source/resolve';
import { tempDir } from './fixture-dir';

const BODY = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 251));
const DIGEST = createHash('sha256').update(BODY).digest('hex');

/** Serves BODY at /good (Range-aware), /truncate-once (first response stops halfway), /corrupt (one byte flipped). */
function startServer(): Promise<{ url: string; requests: { path: string; range?: string }[]; close: () => Promise<void> }> {
  const requests: { path: string; range?: string }[] = [];
  let truncated = false;
  const server = http.createServer((req, res) => {
    requests.push({ path: req.url!, range: req.headers.range });
    let body = BODY;
    if (req.url === '/corrupt') body = Buffer.concat([BODY.subarray(0, 1000), Buffer.from([BODY[1000] ^ 0xff]), BODY.subarray(1001)]);
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    const slice = body.subarray(start);
    res.writeHead(m ? 206 : 200, { 'content-length': slice.length, ...(m ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}) });
    if (req.url === '/truncate-once' && !truncated) {
      truncated = true;
      res.write(slice.subarray(0, 70_000), () => res.destroy());
      return;
    }
    res.end(slice);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        requests,
        close: () => new Promise((r) => server.close(() => r())),
      }),
    ),
  );
}

let server: Awaited<ReturnType<typeof startServer>>;
let dir: string;
let cleanup: () => Promise<void>;
before(async () => {
  server = await startServer();
  ({ dir, cleanup } = await tempDir('download'));
});
after(async () => {
  await server.close();
  await cleanup();
});

test('a download that stops halfway is resumed with a Range request and verified', async () => {
  const dest = path.join(dir, 'resumed.bin');
  const progress: number[] = [];
  await downloadVerified({ url: `${server.url}/truncate-once`, dest, sha256: DIGEST, onProgress: (p) => progress.push(p.received) });
  assert.deepEqual(await readFile(dest), BODY);
  const calls = server.requests.filter((r) => r.path === '/truncate-once');
  assert.equal(calls.length, 2);
  assert.equal(calls[0].range, undefined);
  assert.match(calls[1].range!, /^bytes=\d+-$/);
  assert.ok(Number(/\d+/.exec(calls[1].range!)![0]) > 0, 'resumes where it stopped, not from 0');
  assert.equal(progress.at(-1), BODY.length);
});

test('a leftover .part file is continued, not downloaded again', async () => {
  const dest = path.join(dir, 'continued.bin');
  await writeFile(`${dest}.part`, BODY.subarray(0, 123_456));
  await downloadVerified({ url: `${server.url}/good`, dest, sha256: DIGEST });
  assert.deepEqual(await readFile(dest), BODY);
  assert.equal(server.requests.at(-1)!.range, 'bytes=123456-');
});

test('a corrupted file is rejected naming both digests, and nothing is kept', async () => {
  const dest = path.join(dir, 'corrupt.bin');
  await assert.rejects(
    downloadVerified({ url: `${server.url}/corrupt`, dest, sha256: DIGEST, label: 'corrupt.bin' }),
    (err: Error) => err instanceof DigestMismatchError && err.message.includes(DIGEST) && /corrupt\.bin: SHA-256 [0-9a-f]{64} does not match/.test(err.message),
  );
  assert.deepEqual((await readdir(dir)).filter((f) => f.startsWith('corrupt')), []);
});

test('offline: the error says how to pass a folder instead; cached verified files are not fetched again', async () => {
  const cache = path.join(dir, 'cache');
  await mkdir(cache);
  for (const f of ['model.json', 'vocab.json']) await writeFile(path.join(cache, f), await readFile(path.join(UPSTREAM_DIR, f)));
  const closed = await startServer();
  await closed.close(); // a port nobody listens on
  const lines: string[] = [];
  await assert.rejects(
    downloadRealSource({ cacheDir: cache, baseUrls: [`${closed.url}/`], log: (l) => lines.push(l) }),
    /cannot download the USE lite model[\s\S]*npm run export -- --source DIR/,
  );
  assert.ok(lines.includes('model.json: cached, verified') && lines.includes('vocab.json: cached, verified'));
  assert.ok(lines.some((l) => l.startsWith('group1-shard1of7: downloading')));
});

test('a user folder must hold all nine files; a fixture folder is accepted and reported as unofficial', async () => {
  await assert.rejects(useFolderSource(path.join(dir, 'nope')), /--source .*nope: not a folder/);
  await assert.rejects(useFolderSource(UPSTREAM_DIR), /missing group1-shard1of7, .*group1-shard6of7/);
  const fixture = path.join(dir, 'fixture');
  await writeFixture(fixture);
  const resolved = await useFolderSource(fixture);
  assert.equal(resolved.kind, 'folder');
  assert.deepEqual(resolved.unofficialFiles, [1, 2, 3, 4, 5, 6].map((i) => `group1-shard${i}of7`));
});

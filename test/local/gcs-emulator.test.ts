// The GCS emulator driven by the real @google-cloud/storage client: what a user of the client sees
// (bytes, metadata, listings, errors) must be what GCS gives.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Storage, type ApiError } from '@google-cloud/storage';
import { startGcsEmulator, type GcsEmulator } from '../../local/emulator/gcs/server';

const CHUNK = 256 * 1024; // the client's minimum chunk granularity

describe('GCS emulator with the real storage client', () => {
  let emulator: GcsEmulator;
  let storage: Storage;

  before(async () => {
    emulator = await startGcsEmulator();
    storage = new Storage({ apiEndpoint: emulator.url, projectId: 'test-project' });
    await storage.createBucket('data-bkt');
  });
  after(() => emulator.close());

  const bucket = () => storage.bucket('data-bkt');
  const rejection = async (promise: Promise<unknown>): Promise<ApiError> => {
    try {
      await promise;
    } catch (error) {
      return error as ApiError;
    }
    throw new Error('expected the call to fail');
  };

  it('creates, gets, lists and deletes buckets, with GCS errors for the bad cases', async () => {
    await storage.createBucket('scratch-bkt', { location: 'europe-west4' });
    const [metadata] = await storage.bucket('scratch-bkt').getMetadata();
    assert.equal(metadata.name, 'scratch-bkt');
    assert.equal(metadata.location, 'EUROPE-WEST4');
    const [buckets] = await storage.getBuckets();
    assert.deepEqual(buckets.map((b) => b.name).sort(), ['data-bkt', 'scratch-bkt']);

    const duplicate = await rejection(storage.createBucket('scratch-bkt'));
    assert.equal(duplicate.code, 409);
    await storage.bucket('scratch-bkt').file('keep.txt').save('x', { resumable: false });
    const notEmpty = await rejection(storage.bucket('scratch-bkt').delete());
    assert.equal(notEmpty.code, 409);
    assert.equal(notEmpty.message, 'The bucket you tried to delete is not empty.');

    await storage.bucket('scratch-bkt').file('keep.txt').delete();
    await storage.bucket('scratch-bkt').delete();
    assert.deepEqual(await storage.bucket('scratch-bkt').exists(), [false]);
    const missing = await rejection(storage.bucket('scratch-bkt').getMetadata());
    assert.equal(missing.code, 404);
    assert.equal(missing.message, 'The specified bucket does not exist.');
  });

  it('stores a small multipart upload with its metadata and returns the bytes', async () => {
    const file = bucket().file('dir/small.json');
    await file.save('{"a":1}\n', { resumable: false, contentType: 'application/json', metadata: { metadata: { owner: 'me' } } });
    const [metadata] = await file.getMetadata();
    assert.equal(metadata.size, '8'); // GCS sends int64 fields as strings
    assert.equal(metadata.contentType, 'application/json');
    assert.deepEqual(metadata.metadata, { owner: 'me' });
    assert.equal((await file.download())[0].toString(), '{"a":1}\n');
  });

  it('reports real crc32c and md5Hash (base64, as GCS)', async () => {
    const file = bucket().file('check-value.txt');
    await file.save('123456789', { resumable: false });
    const [metadata] = await file.getMetadata();
    // The CRC32C check value of "123456789" is 0xE3069283 (RFC 3720 B.4); md5 from `md5sum`.
    assert.equal(metadata.crc32c, '4waSgw==');
    assert.equal(metadata.md5Hash, 'JfnnlDI7RTiF9RgfG2JNCw==');
  });

  it('takes a large resumable upload in chunked PUTs (308 between chunks) and downloads it intact', async () => {
    const data = Buffer.alloc(5 * CHUNK + 1234);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31 + 7) % 251;
    const before = emulator.requests.length;
    await bucket().file('big/blob.bin').save(data, { resumable: true, chunkSize: CHUNK, validation: 'md5' });
    const puts = emulator.requests.slice(before).filter((r) => r.method === 'PUT' && r.query.includes('upload_id='));
    assert.equal(puts.length, 6);
    const [downloaded] = await bucket().file('big/blob.bin').download({ validation: 'md5' });
    assert.ok(downloaded.equals(data));
  });

  it('takes a resumable upload sent in one PUT', async () => {
    const data = Buffer.from('line\n'.repeat(10_000));
    await bucket().file('one-put.txt').save(data, { resumable: true });
    assert.ok((await bucket().file('one-put.txt').download())[0].equals(data));
  });

  it('resumes a session: 308 with the persisted range, status query, then the last chunk', async () => {
    const session = await fetch(`${emulator.url}/upload/storage/v1/b/data-bkt/o?uploadType=resumable&name=resumed.bin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    const location = session.headers.get('location')!;
    const data = Buffer.alloc(CHUNK + 10, 1);
    const first = await fetch(location, { method: 'PUT', headers: { 'Content-Range': `bytes 0-${CHUNK - 1}/*` }, body: data.subarray(0, CHUNK) });
    assert.equal(first.status, 308);
    assert.equal(first.headers.get('range'), `bytes=0-${CHUNK - 1}`);
    const status = await fetch(location, { method: 'PUT', headers: { 'Content-Range': 'bytes */*' } });
    assert.equal(status.status, 308);
    assert.equal(status.headers.get('range'), `bytes=0-${CHUNK - 1}`);
    const last = await fetch(location, { method: 'PUT', headers: { 'Content-Range': `bytes ${CHUNK}-${CHUNK + 9}/${CHUNK + 10}` }, body: data.subarray(CHUNK) });
    assert.equal(last.status, 200);
    assert.equal(((await last.json()) as { size: string }).size, String(CHUNK + 10));
    assert.ok((await bucket().file('resumed.bin').download())[0].equals(data));
  });

  it('rejects an upload whose X-Goog-Hash does not match the bytes', async () => {
    const response = await fetch(`${emulator.url}/upload/storage/v1/b/data-bkt/o?uploadType=media&name=bad-hash.txt`, {
      method: 'POST',
      headers: { 'X-Goog-Hash': 'crc32c=AAAAAA==' },
      body: '123456789',
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: { message: string } };
    assert.equal(body.error.message, 'Provided CRC32C "AAAAAA==" doesn\'t match calculated CRC32C "4waSgw==".');
    assert.deepEqual(await bucket().file('bad-hash.txt').exists(), [false]);
  });

  it('serves byte ranges: start-end, open end and the last N bytes', async () => {
    const file = bucket().file('alphabet.txt');
    await file.save('abcdefghijklmnopqrstuvwxyz', { resumable: false });
    assert.equal((await file.download({ start: 2, end: 5 }))[0].toString(), 'cdef');
    assert.equal((await file.download({ start: 20 }))[0].toString(), 'uvwxyz');
    assert.equal((await file.download({ end: -3 }))[0].toString(), 'xyz');
  });

  it('lists with prefix and delimiter across pages, each entry once', async () => {
    const names = ['out/p-1/a', 'out/p-1/b', 'out/p-2/a', 'out/x.txt', 'out/y.txt', 'out/z/deep/1', 'outside.txt'];
    for (const name of names) await bucket().file(name).save(name, { resumable: false });
    const seenFiles: string[] = [];
    const seenPrefixes: string[] = [];
    let query: { prefix: string; delimiter: string; maxResults: number; autoPaginate: false; pageToken?: string } | null = {
      prefix: 'out/',
      delimiter: '/',
      maxResults: 2,
      autoPaginate: false,
    };
    let pages = 0;
    while (query) {
      const [files, next, response] = await bucket().getFiles(query);
      seenFiles.push(...files.map((f) => f.name));
      seenPrefixes.push(...((response as { prefixes?: string[] }).prefixes ?? []));
      query = next as typeof query;
      pages++;
    }
    assert.deepEqual(seenFiles, ['out/x.txt', 'out/y.txt']);
    assert.deepEqual(seenPrefixes, ['out/p-1/', 'out/p-2/', 'out/z/']);
    assert.equal(pages, 3);
    const [all] = await bucket().getFiles({ prefix: 'out/p-' });
    assert.deepEqual(all.map((f) => f.name), ['out/p-1/a', 'out/p-1/b', 'out/p-2/a']);
  });

  it('deletes objects; a missing object is a 404 with GCS\'s message', async () => {
    await bucket().file('gone.txt').save('x', { resumable: false });
    await bucket().file('gone.txt').delete();
    const missing = await rejection(bucket().file('gone.txt').getMetadata());
    assert.equal(missing.code, 404);
    assert.equal(missing.message, 'No such object: data-bkt/gone.txt');
    assert.equal((await rejection(bucket().file('gone.txt').delete())).code, 404);
  });

  it('honours ifGenerationMatch=0 (create only if absent) with 412', async () => {
    await bucket().file('once.txt').save('first', { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } });
    const conflict = await rejection(bucket().file('once.txt').save('second', { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } }));
    assert.equal(conflict.code, 412);
    assert.equal((await bucket().file('once.txt').download())[0].toString(), 'first');
  });

  it('copies objects (rewrite)', async () => {
    await bucket().file('src.txt').save('payload', { resumable: false, contentType: 'text/plain' });
    await bucket().file('src.txt').copy(bucket().file('dst/copy.txt'));
    const [metadata] = await bucket().file('dst/copy.txt').getMetadata();
    assert.equal(metadata.contentType, 'text/plain');
    assert.equal((await bucket().file('dst/copy.txt').download())[0].toString(), 'payload');
  });

  it('is reached through STORAGE_EMULATOR_HOST too (paths without /storage/v1)', async () => {
    process.env.STORAGE_EMULATOR_HOST = emulator.url;
    try {
      const viaEnv = new Storage({ projectId: 'test-project' });
      await viaEnv.bucket('data-bkt').file('env.txt').save('via env', { resumable: false });
      assert.equal((await viaEnv.bucket('data-bkt').file('env.txt').download())[0].toString(), 'via env');
      assert.ok(emulator.requests.some((r) => r.path === '/b/data-bkt/o/env.txt'));
    } finally {
      delete process.env.STORAGE_EMULATOR_HOST;
    }
  });
});

describe('GCS emulator connection reuse', () => {
  it("accepts an upload on a pooled connection after a pause longer than Node's 5 s keep-alive default", async () => {
    const emulator = await startGcsEmulator();
    try {
      const storage = new Storage({ apiEndpoint: emulator.url, projectId: 'test-project' });
      await storage.createBucket('idle-bkt');
      await storage.bucket('idle-bkt').file('first.txt').save('one', { resumable: false });
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      await storage.bucket('idle-bkt').file('second.txt').save('two', { resumable: false });
      assert.equal((await storage.bucket('idle-bkt').file('second.txt').download())[0].toString(), 'two');
    } finally {
      await emulator.close();
    }
  });
});

describe('GCS emulator with object bytes in a folder', () => {
  it('keeps bytes as files (not in memory), serves ranges from them, and removes them on delete', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gcs-blobs-'));
    const emulator = await startGcsEmulator({ dir });
    try {
      const storage = new Storage({ apiEndpoint: emulator.url, projectId: 'test-project' });
      await storage.createBucket('disk-bkt');
      const file = storage.bucket('disk-bkt').file('a/blob.bin');
      const data = Buffer.alloc(3 * CHUNK + 5, 9);
      await file.save(data, { resumable: true, chunkSize: CHUNK });
      assert.equal((await readdir(dir)).length, 1);
      assert.ok((await file.download())[0].equals(data));
      assert.ok((await file.download({ start: CHUNK, end: CHUNK + 9 }))[0].equals(data.subarray(CHUNK, CHUNK + 10)));
      await storage.bucket('disk-bkt').file('empty').save('', { resumable: false });
      assert.equal((await storage.bucket('disk-bkt').file('empty').download())[0].length, 0);
      await file.save('replaced', { resumable: false });
      assert.equal((await readdir(dir)).length, 2); // the replaced bytes' file is gone
      await file.delete();
      await storage.bucket('disk-bkt').file('empty').delete();
      assert.deepEqual(await readdir(dir), []);
    } finally {
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

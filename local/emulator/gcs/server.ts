// A small, exact GCS JSON API emulator for the real @google-cloud/storage client, on 127.0.0.1 only.
// Routes (each also under /storage/v1, since the client drops that prefix when STORAGE_EMULATOR_HOST is set):
//   GET/POST /b                          buckets.list / buckets.insert
//   GET/DELETE /b/B                      buckets.get / buckets.delete
//   GET /b/B/o                           objects.list (prefix, delimiter, pageToken, maxResults, start/endOffset)
//   GET/PATCH/DELETE /b/B/o/NAME         objects.get (alt=media: download with Range) / patch / delete
//   POST /b/B/o/NAME/rewriteTo/b/D/o/N   objects.rewrite (done in one call) ; also /copyTo/
//   POST /upload/storage/v1/b/B/o        uploadType=media | multipart | resumable (then PUT ...&upload_id=)
//   GET /download/storage/v1/b/B/o/NAME  media download (mediaLink)
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BlobStore } from './blobs';
import { GcsError, badRequest } from './errors';
import { hashesOf, parseGoogHash } from './hashes';
import { parseMultipartRelated } from './multipart';
import { UploadSessions } from './resumable';
import { GcsStore, bucketResource, objectResource, type ObjectMetadataInput, type Preconditions, type StoredObject } from './store';

export interface GcsEmulator {
  url: string; // http://127.0.0.1:PORT
  port: number;
  close(): Promise<void>;
  /** Every request in arrival order; `query` is the raw search string (e.g. to count resumable chunks). */
  requests: { method: string; path: string; query: string }[];
}

interface Request {
  method: string;
  path: string[]; // decoded segments after the API prefix
  upload: boolean;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

const API_PREFIX = /^(?:\/storage\/v1)?(\/upload\/storage\/v1|\/download\/storage\/v1)?(\/b(?:\/.*)?)$/;

export interface GcsEmulatorOptions {
  /** Keep object bytes as files in this (existing, emulator-owned) folder instead of memory. */
  dir?: string;
}

const IDLE_CONNECTION_MS = 10 * 60_000;

export async function startGcsEmulator(options: GcsEmulatorOptions = {}): Promise<GcsEmulator> {
  const store = new GcsStore(new BlobStore(options.dir));
  const sessions = new UploadSessions();
  const requests: GcsEmulator['requests'] = [];
  let baseUrl = '';

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', baseUrl);
      requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.search });
      try {
        const match = API_PREFIX.exec(url.pathname);
        if (!match) throw new GcsError(404, 'notFound', `Not Found: ${req.method} ${url.pathname}`);
        const request: Request = {
          method: req.method ?? 'GET',
          path: match[2].split('/').slice(1).map(decodeURIComponent),
          upload: match[1] === '/upload/storage/v1',
          query: url.searchParams,
          headers: req.headers,
          body: Buffer.concat(chunks),
        };
        route(request, res);
      } catch (error) {
        sendError(res, error);
      }
    });
  });

  function route(req: Request, res: ServerResponse): void {
    const [b, bucket, o, name, verb, b2, destBucket, o2, destName] = req.path;
    if (b !== 'b' || (o !== undefined && o !== 'o')) throw new GcsError(404, 'notFound', `Not Found: /${req.path.join('/')}`);
    if (req.upload) return upload(req, bucket, res);
    if (bucket === undefined) {
      if (req.method === 'GET') return sendJson(res, 200, { kind: 'storage#buckets', items: store.listBuckets().map(bucketResource) });
      if (req.method === 'POST') return sendJson(res, 200, bucketResource(store.createBucket(jsonBody(req))));
    } else if (o === undefined) {
      if (req.method === 'GET') return sendJson(res, 200, bucketResource(store.bucket(bucket)));
      if (req.method === 'DELETE') return store.deleteBucket(bucket), sendEmpty(res);
    } else if (name === undefined) {
      if (req.method === 'GET') return listObjects(req, bucket, res);
    } else if (verb === undefined) {
      if (req.method === 'GET') {
        const object = store.getObject(bucket, name);
        checkGeneration(req, object);
        return req.query.get('alt') === 'media' ? download(req, object, res) : sendJson(res, 200, objectResource(object, baseUrl));
      }
      if (req.method === 'PATCH' || req.method === 'PUT') {
        return sendJson(res, 200, objectResource(store.patchObject(bucket, name, jsonBody(req), preconditions(req)), baseUrl));
      }
      if (req.method === 'DELETE') return store.deleteObject(bucket, name, preconditions(req)), sendEmpty(res);
    } else if ((verb === 'rewriteTo' || verb === 'copyTo') && b2 === 'b' && o2 === 'o' && destName && req.method === 'POST') {
      return copy(req, { bucket, name }, { bucket: destBucket, name: destName }, verb, res);
    }
    throw new GcsError(405, 'methodNotAllowed', `Method ${req.method} is not supported on /${req.path.join('/')}`);
  }

  function listObjects(req: Request, bucket: string, res: ServerResponse): void {
    if (req.query.has('matchGlob')) throw badRequest('matchGlob is not supported by this emulator');
    const maxResults = req.query.get('maxResults');
    const page = store.listObjects(bucket, {
      prefix: req.query.get('prefix') ?? undefined,
      delimiter: req.query.get('delimiter') || undefined,
      pageToken: req.query.get('pageToken') || undefined,
      maxResults: maxResults === null ? undefined : Number(maxResults),
      startOffset: req.query.get('startOffset') ?? undefined,
      endOffset: req.query.get('endOffset') ?? undefined,
    });
    sendJson(res, 200, {
      kind: 'storage#objects',
      items: page.items.length ? page.items.map((item) => objectResource(item, baseUrl)) : undefined,
      prefixes: page.prefixes.length ? page.prefixes : undefined,
      nextPageToken: page.nextPageToken,
    });
  }

  function upload(req: Request, bucket: string, res: ServerResponse): void {
    const uploadId = req.query.get('upload_id');
    if (uploadId) return resumableChunk(req, uploadId, res);
    if (req.method !== 'POST') throw new GcsError(405, 'methodNotAllowed', `Uploads are POSTed, got ${req.method}`);
    store.bucket(bucket);
    const uploadType = req.query.get('uploadType');
    if (uploadType === 'media') {
      const name = requiredName(req.query.get('name') ?? undefined);
      const metadata = { contentType: req.headers['content-type'] };
      return finishUpload(req, bucket, name, req.body, metadata, preconditions(req), res);
    }
    if (uploadType === 'multipart') {
      const { metadata, data } = parseMultipartRelated(req.headers['content-type'], req.body);
      const input = metadata as ObjectMetadataInput & { name?: string };
      const name = requiredName(req.query.get('name') ?? input.name);
      return finishUpload(req, bucket, name, data, input, preconditions(req), res);
    }
    if (uploadType === 'resumable') {
      const input = jsonBody(req) as ObjectMetadataInput & { name?: string };
      const name = requiredName(req.query.get('name') ?? input.name);
      const contentType = req.headers['x-upload-content-type'];
      const metadata = { ...input, contentType: input.contentType ?? (typeof contentType === 'string' ? contentType : undefined) };
      const session = sessions.open(bucket, name, metadata, preconditions(req));
      const location = `${baseUrl}/upload/storage/v1/b/${encodeURIComponent(bucket)}/o?uploadType=resumable&name=${encodeURIComponent(name)}&upload_id=${session.id}`;
      res.writeHead(200, { Location: location, 'Content-Length': 0 });
      return void res.end();
    }
    throw badRequest(`Invalid uploadType: '${uploadType}'. Allowed: media, multipart, resumable`);
  }

  function resumableChunk(req: Request, uploadId: string, res: ServerResponse): void {
    if (req.method !== 'PUT' && req.method !== 'POST') throw new GcsError(405, 'methodNotAllowed', `Upload chunks are PUT, got ${req.method}`);
    const session = sessions.get(uploadId);
    if (session.finished) return sendJson(res, 200, objectResource(store.getObject(session.bucket, session.name), baseUrl));
    const outcome = sessions.put(session, header(req, 'content-range'), req.body);
    if (outcome.kind === 'complete') {
      return finishUpload(req, session.bucket, session.name, outcome.data, session.metadata, session.conditions, res);
    }
    // 308 "Resume Incomplete": Range names the bytes persisted so far (absent when none are).
    const received = outcome.kind === 'incomplete' ? outcome.received : session.received;
    res.writeHead(308, { ...(received > 0 ? { Range: `bytes=0-${received - 1}` } : {}), 'Content-Length': 0 });
    res.end();
  }

  /** Stores the object unless the client's X-Goog-Hash disagrees with the bytes that arrived (GCS answers 400). */
  function finishUpload(req: Request, bucket: string, name: string, data: Buffer, metadata: ObjectMetadataInput, conditions: Preconditions, res: ServerResponse): void {
    const claimed = parseGoogHash(header(req, 'x-goog-hash'));
    const actual = hashesOf(data);
    for (const [kind, value] of [['crc32c', actual.crc32c], ['md5', actual.md5Hash]] as const) {
      if (claimed[kind] !== undefined && claimed[kind] !== value) {
        throw badRequest(`Provided ${kind.toUpperCase()} "${claimed[kind]}" doesn't match calculated ${kind.toUpperCase()} "${value}".`);
      }
    }
    const object = store.putObject(bucket, name, data, metadata, conditions);
    sendJson(res, 200, objectResource(object, baseUrl));
  }

  function download(req: Request, object: StoredObject, res: ServerResponse): void {
    const headers = {
      'Content-Type': object.contentType,
      'x-goog-hash': `crc32c=${object.hashes.crc32c},md5=${object.hashes.md5Hash}`,
      'x-goog-generation': String(object.generation),
      'x-goog-metageneration': String(object.metageneration),
      'x-goog-stored-content-encoding': object.contentEncoding ?? 'identity',
      'x-goog-stored-content-length': String(object.blob.size),
      ETag: String(object.generation),
    };
    const range = header(req, 'range');
    const size = object.blob.size;
    if (range === undefined) {
      res.writeHead(200, { ...headers, 'Content-Length': size });
      return void store.blobs.open(object.blob, 0, size - 1).pipe(res);
    }
    const [start, end] = byteRange(range, size);
    if (start > end) {
      res.writeHead(416, { 'Content-Range': `bytes */${size}`, 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify(new GcsError(416, 'requestedRangeNotSatisfiable', 'The requested range cannot be satisfied.').body()));
    }
    res.writeHead(206, { ...headers, 'Content-Length': end - start + 1, 'Content-Range': `bytes ${start}-${end}/${size}` });
    store.blobs.open(object.blob, start, end).pipe(res);
  }

  function copy(req: Request, from: { bucket: string; name: string }, to: { bucket: string; name: string }, verb: string, res: ServerResponse): void {
    const source = store.getObject(from.bucket, from.name);
    const override = req.body.length ? (jsonBody(req) as ObjectMetadataInput) : {};
    const metadata: ObjectMetadataInput = {
      contentType: override.contentType ?? source.contentType,
      contentEncoding: source.contentEncoding,
      cacheControl: override.cacheControl ?? source.cacheControl,
      metadata: override.metadata ?? source.metadata,
    };
    const object = store.putObject(to.bucket, to.name, store.blobs.readAll(source.blob), metadata, preconditions(req));
    if (verb === 'copyTo') return sendJson(res, 200, objectResource(object, baseUrl));
    const size = String(object.blob.size);
    sendJson(res, 200, { kind: 'storage#rewriteResponse', totalBytesRewritten: size, objectSize: size, done: true, resource: objectResource(object, baseUrl) });
  }

  function checkGeneration(req: Request, object: StoredObject): void {
    const generation = req.query.get('generation');
    if (generation !== null && generation !== String(object.generation)) {
      throw new GcsError(404, 'notFound', `No such object: ${object.bucket}/${object.name}#${generation}`);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Node closes idle keep-alive sockets after 5 s, but the storage client reuses pooled sockets after longer
    // pauses and does not retry uploads without a precondition: a write on a closed socket fails with EPIPE.
    // GCS keeps idle connections far longer, so the emulator does too.
    server.keepAliveTimeout = IDLE_CONNECTION_MS;
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;
  return {
    url: baseUrl,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function byteRange(header: string, size: number): [number, number] {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) throw badRequest(`Invalid Range header: '${header}'`);
  if (match[1] === '') return [Math.max(0, size - Number(match[2])), size - 1]; // suffix: the last N bytes
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  return [Number(match[1]), end];
}

function preconditions(req: Request): Preconditions {
  return { ifGenerationMatch: req.query.get('ifGenerationMatch'), ifGenerationNotMatch: req.query.get('ifGenerationNotMatch') };
}

function requiredName(name: string | undefined): string {
  if (!name) throw badRequest('Required parameter: name');
  return name;
}

function jsonBody(req: Request): Record<string, unknown> {
  if (req.body.length === 0) return {};
  try {
    const value: unknown = JSON.parse(req.body.toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw badRequest('Request body is not a JSON object');
}

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendEmpty(res: ServerResponse): void {
  res.writeHead(204, { 'Content-Length': 0 });
  res.end();
}

function sendError(res: ServerResponse, error: unknown): void {
  const gcsError = error instanceof GcsError ? error : new GcsError(500, 'backendError', String((error as Error)?.message ?? error));
  sendJson(res, gcsError.status, gcsError.body());
}

// Resumable upload sessions (JSON API "resumable" protocol): a POST opens a session, PUTs with
// Content-Range append chunks; an incomplete upload answers 308 with `Range: bytes=0-N`, the final chunk
// (or a PUT whose range runs to the end, `bytes S-*/...`) creates the object. `bytes */*` asks for status.
import { randomUUID } from 'node:crypto';
import { GcsError, badRequest } from './errors';
import type { ObjectMetadataInput, Preconditions } from './store';

export interface UploadSession {
  id: string;
  bucket: string;
  name: string;
  metadata: ObjectMetadataInput;
  conditions: Preconditions;
  chunks: Buffer[];
  received: number;
  finished: boolean;
}

export type ChunkOutcome = { kind: 'incomplete'; received: number } | { kind: 'complete'; data: Buffer } | { kind: 'status' };

interface ContentRange {
  start?: number; // undefined: no bytes in this request (`bytes */T`)
  endIsOpen: boolean; // `bytes S-*/T`: this request carries the rest of the object
  total?: number; // undefined: total still unknown (`/*`)
}

export class UploadSessions {
  private readonly sessions = new Map<string, UploadSession>();

  open(bucket: string, name: string, metadata: ObjectMetadataInput, conditions: Preconditions): UploadSession {
    const session = { id: randomUUID(), bucket, name, metadata, conditions, chunks: [], received: 0, finished: false };
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string): UploadSession {
    const session = this.sessions.get(id);
    if (!session) throw new GcsError(404, 'notFound', `No such upload session: ${id}`);
    return session;
  }

  /** Applies one PUT to the session and says what the server answers. */
  put(session: UploadSession, contentRange: string | undefined, body: Buffer): ChunkOutcome {
    const range = parseContentRange(contentRange, body.length);
    if (range.start === undefined) {
      if (range.total !== undefined && range.total === session.received) return this.complete(session);
      return { kind: 'status' };
    }
    if (range.start > session.received) {
      throw badRequest(`Content-Range starts at ${range.start} but the server has only ${session.received} bytes`);
    }
    // Bytes the server already has (a client resending after a lost response) are skipped, as GCS does.
    const fresh = body.subarray(session.received - range.start);
    session.chunks.push(fresh);
    session.received += fresh.length;
    if (range.total !== undefined && session.received > range.total) {
      throw badRequest(`Upload of ${session.received} bytes exceeds the declared total of ${range.total}`);
    }
    if (range.endIsOpen || session.received === range.total) return this.complete(session);
    return { kind: 'incomplete', received: session.received };
  }

  private complete(session: UploadSession): ChunkOutcome {
    // The session stays known so a late status query (`bytes */*`) sees the finished object, as on GCS.
    session.finished = true;
    const data = Buffer.concat(session.chunks);
    session.chunks = [];
    return { kind: 'complete', data };
  }
}

function parseContentRange(header: string | undefined, bodyLength: number): ContentRange {
  if (header === undefined) return { start: 0, endIsOpen: true, total: undefined };
  const match = /^bytes (\*|(\d+)-(\d+|\*))\/(\*|\d+)$/.exec(header.trim());
  if (!match) throw badRequest(`Invalid Content-Range header: '${header}'`);
  const total = match[4] === '*' ? undefined : Number(match[4]);
  if (match[1] === '*') return { start: undefined, endIsOpen: false, total };
  const start = Number(match[2]);
  if (match[3] !== '*' && Number(match[3]) - start + 1 !== bodyLength) {
    throw badRequest(`Content-Range '${header}' does not match the ${bodyLength} bytes sent`);
  }
  return { start, endIsOpen: match[3] === '*', total };
}

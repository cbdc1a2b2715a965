// Parses the `multipart/related` body of uploadType=multipart: part 1 is the object's JSON metadata,
// part 2 its bytes (RFC 2387, as the JSON API documents for multipart uploads).
import { badRequest } from './errors';

export function parseMultipartRelated(contentType: string | undefined, body: Buffer): { metadata: unknown; data: Buffer } {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
  if (!contentType?.toLowerCase().startsWith('multipart/related') || !boundary) {
    throw badRequest(`Multipart upload needs Content-Type multipart/related with a boundary, got '${contentType ?? ''}'`);
  }
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break; // closing delimiter
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    parts.push(body.subarray(start, next));
    at = next;
  }
  if (parts.length !== 2) throw badRequest(`Multipart upload must have 2 parts (metadata, media), got ${parts.length}`);
  const [metadataPart, mediaPart] = parts.map(partBody);
  let metadata: unknown;
  try {
    metadata = JSON.parse(metadataPart.toString('utf8') || '{}');
  } catch {
    throw badRequest('Multipart upload metadata part is not valid JSON');
  }
  return { metadata, data: mediaPart };
}

/** A part is CRLF, headers, CRLF CRLF, body, CRLF (the CRLF before the next delimiter belongs to it). */
function partBody(part: Buffer): Buffer {
  const headerEnd = part.indexOf('\r\n\r\n');
  if (headerEnd < 0) throw badRequest('Multipart part without headers');
  const end = part.subarray(-2).toString() === '\r\n' ? part.length - 2 : part.length;
  return part.subarray(headerEnd + 4, end);
}

/** List paging as Vertex does it: an opaque page token and a server-side cap on the page size. */
import { invalidArgument } from './errors';

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;

export function paginate<T>(items: T[], pageSize: number | undefined, pageToken: string | undefined): { page: T[]; nextPageToken: string } {
  let offset = 0;
  if (pageToken) {
    const decoded = /^offset:(\d+)$/.exec(Buffer.from(pageToken, 'base64url').toString('utf8'));
    if (!decoded) throw invalidArgument(`Invalid page_token "${pageToken}"`);
    offset = Number(decoded[1]);
  }
  if (pageSize !== undefined && pageSize < 0) throw invalidArgument(`Invalid page_size ${pageSize}: must be >= 0`);
  const size = Math.min(pageSize || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const page = items.slice(offset, offset + size);
  const next = offset + size;
  return { page, nextPageToken: next < items.length ? Buffer.from(`offset:${next}`).toString('base64url') : '' };
}

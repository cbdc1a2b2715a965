// Reading errors from the Vertex clients (gax errors, job.error statuses) against the tables of error-catalog.ts.
import { CAPACITY_ERRORS, RATE_LIMIT_ERRORS, TRANSIENT_ERRORS, type ErrorPattern, GrpcCode, grpcCodeName } from './error-catalog';

export interface RpcStatus {
  code?: number;
  message?: string;
}

/** Code and message of anything thrown by a gax client call or found in `job.error`. */
export function statusOf(error: unknown): RpcStatus {
  if (error && typeof error === 'object') {
    const { code, details, message } = error as { code?: unknown; details?: unknown; message?: unknown };
    return {
      code: typeof code === 'number' ? code : undefined,
      message: typeof details === 'string' && details ? details : typeof message === 'string' ? message : undefined,
    };
  }
  return { message: String(error) };
}

function matches(pattern: ErrorPattern, status: RpcStatus): boolean {
  if (pattern.code !== undefined && pattern.code !== status.code) return false;
  if (pattern.message && !pattern.message.test(status.message ?? '')) return false;
  return true;
}

export function isCapacityError(status: RpcStatus): boolean {
  // A capacity message under a user-error code (e.g. INVALID_ARGUMENT "machine type not supported") is not capacity.
  const plausibleCode =
    status.code === undefined ||
    status.code === GrpcCode.RESOURCE_EXHAUSTED ||
    status.code === GrpcCode.UNAVAILABLE ||
    status.code === GrpcCode.INTERNAL ||
    status.code === GrpcCode.UNKNOWN ||
    status.code === GrpcCode.FAILED_PRECONDITION;
  if (RATE_LIMIT_ERRORS.some((pattern) => matches(pattern, status))) return false;
  return plausibleCode && CAPACITY_ERRORS.some((pattern) => matches(pattern, status));
}

export function isTransientError(error: unknown): boolean {
  const status = statusOf(error);
  if (isCapacityError(status)) return false;
  return TRANSIENT_ERRORS.some((pattern) => matches(pattern, status));
}

export function isPermissionDenied(error: unknown): boolean {
  return statusOf(error).code === GrpcCode.PERMISSION_DENIED;
}

export function isNotFound(error: unknown): boolean {
  return statusOf(error).code === GrpcCode.NOT_FOUND;
}

export function describeStatus(status: RpcStatus): string {
  return `${grpcCodeName(status.code)}: ${status.message ?? '(no message)'}`;
}

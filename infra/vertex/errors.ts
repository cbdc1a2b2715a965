// Reading errors from the Vertex clients (gax errors, job.error statuses) against the tables of error-catalog.ts.
import {
  BATCH_QUOTA_ERRORS,
  CAPACITY_ERRORS,
  type ErrorPattern,
  GrpcCode,
  grpcCodeName,
  IAM_PROPAGATION_ERRORS,
  RATE_LIMIT_ERRORS,
  REQUEST_ERRORS,
  TRANSIENT_ERRORS,
} from './error-catalog';

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

/** Batch prediction's own quota: not capacity (no fallback), not transient (no retry in place). */
export function isBatchQuotaError(status: RpcStatus): boolean {
  return BATCH_QUOTA_ERRORS.some((pattern) => matches(pattern, status));
}

export function isCapacityError(status: RpcStatus): boolean {
  if (isBatchQuotaError(status)) return false;
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
  if (isCapacityError(status) || isBatchQuotaError(status)) return false;
  return TRANSIENT_ERRORS.some((pattern) => matches(pattern, status));
}

/** A refusal a first deploy's fresh grants or service agents clear within minutes (see IAM_PROPAGATION_ERRORS). */
export function isIamPropagationError(error: unknown): boolean {
  const status = statusOf(error);
  return IAM_PROPAGATION_ERRORS.some((pattern) => matches(pattern, status));
}

/** What the user should do about this error, from the first catalog entry that matches and has advice. */
export function adviceFor(status: RpcStatus): string | undefined {
  const tables = [BATCH_QUOTA_ERRORS, REQUEST_ERRORS, CAPACITY_ERRORS];
  return tables.flat().find((pattern) => pattern.advice && matches(pattern, status))?.advice;
}

/**
 * The error with `extra` lines appended to what the user reads, keeping its gRPC code so callers still classify it
 * (statusOf reads `details` first).
 */
export function withExplanation(error: unknown, extra: string | undefined): unknown {
  if (!extra) return error;
  const status = statusOf(error);
  const details = `${status.message ?? '(no message)'}\n${extra}`;
  return Object.assign(new Error(`${grpcCodeName(status.code)}: ${details}`), { code: status.code, details });
}

export function isNotFound(error: unknown): boolean {
  return statusOf(error).code === GrpcCode.NOT_FOUND;
}

export function describeStatus(status: RpcStatus): string {
  return `${grpcCodeName(status.code)}: ${status.message ?? '(no message)'}`;
}

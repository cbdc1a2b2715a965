/** An error a handler throws to answer the RPC with a gRPC status, as Vertex would. */
import { status } from '@grpc/grpc-js';

export class RpcError extends Error {
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

export const invalidArgument = (message: string) => new RpcError(status.INVALID_ARGUMENT, message);
export const notFound = (message: string) => new RpcError(status.NOT_FOUND, message);
export const failedPrecondition = (message: string) => new RpcError(status.FAILED_PRECONDITION, message);

/** Vertex's wording for a missing required field, e.g. `Required field is not set: batch_prediction_job.display_name`. */
export function requireField<T>(value: T | undefined | null | '', path: string): T {
  if (value === undefined || value === null || value === '') throw invalidArgument(`Required field is not set: ${path}`);
  return value;
}

import { status } from '@grpc/grpc-js';

/**
 * Why a request could not give an answer, as the gRPC status the caller gets and a message
 * that names the field or the cause (bad input, a full queue, upstream down).
 */
export class WorkloadError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export const invalidArgument = (message) => new WorkloadError(status.INVALID_ARGUMENT, message);
export const resourceExhausted = (message) => new WorkloadError(status.RESOURCE_EXHAUSTED, message);

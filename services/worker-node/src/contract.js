// simul.v1.Worker as gRPC serves it: services/contracts/simul/v1/worker.proto, loaded at start.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSync } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';

const contracts = fileURLToPath(new URL('../../contracts/', import.meta.url));
const reflectionProtos = join(dirname(createRequire(import.meta.url).resolve('@grpc/reflection')), '../proto');
const healthProtos = join(dirname(healthProtoPath), '../..');

// int64 as decimal strings: a limit's message quotes exactly what was sent, and Number() of
// the string is a small integer to V8. The divisor loop's `%` on the double that a Long's
// toNumber() gives runs ~3.5x slower (82 against 22 ms for 10M divisions), on a Long ~200x.
const LOAD_OPTIONS = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true, includeDirs: [contracts] };

const workerPackage = loadSync('simul/v1/worker.proto', LOAD_OPTIONS);

/** The work methods and the workload each one runs, as metrics name it. */
export const WORKLOADS = { Prime: 'prime', Fetch: 'fetch', Steps: 'steps' };

/** A request message that is not valid protobuf, kept for the handler to answer. */
export class UnparsableRequest {
  constructor(method, reason) {
    this.message = `the request to ${method} could not be parsed: ${reason}`;
  }
}

/**
 * simul.v1.Worker with work-method deserializers that hand the handler an UnparsableRequest
 * instead of throwing: grpc-js answers a throwing deserializer "Error deserializing request",
 * which says nothing; every Simul worker answers INTERNAL "the request to
 * /simul.v1.Worker/Prime could not be parsed: <reason>" (gRPC's status guide: a request the
 * server cannot parse is INTERNAL).
 */
export const workerService = Object.fromEntries(Object.entries(workerPackage['simul.v1.Worker']).map(([name, method]) => [
  name,
  name in WORKLOADS ? { ...method, requestDeserialize: parsingOrUnparsable(method) } : method,
]));

function parsingOrUnparsable(method) {
  return (bytes) => {
    try {
      return method.requestDeserialize(bytes);
    } catch (error) {
      return new UnparsableRequest(method.path, error.message);
    }
  };
}

/** Every service this port serves, for server reflection to list and describe. */
export const reflectedPackage = {
  ...workerPackage,
  ...loadSync('health/v1/health.proto', { ...LOAD_OPTIONS, includeDirs: [healthProtos] }),
  ...loadSync(['grpc/reflection/v1/reflection.proto', 'grpc/reflection/v1alpha/reflection.proto'], { ...LOAD_OPTIONS, includeDirs: [reflectionProtos] }),
};

import { HealthImplementation } from 'grpc-health-check';

// The whole server ("") and the one service it is for; any other name is NOT_FOUND.
const SERVICES = ['', 'simul.v1.Worker'];

/**
 * Whether the worker can serve: not until its model runs (the worker threads are online), and
 * not once it drains after SIGTERM. It backs both grpc.health.v1 on the gRPC port (the
 * library's HealthImplementation) and GET /healthz on the health port, so a Kubernetes gRPC
 * probe and an HTTP probe see the same answer.
 */
export class WorkerHealth {
  constructor() {
    this.healthy = false;
    this.grpc = new HealthImplementation(Object.fromEntries(SERVICES.map((service) => [service, 'NOT_SERVING'])));
  }

  serving() {
    this.#set(true);
  }

  draining() {
    this.#set(false);
  }

  #set(healthy) {
    this.healthy = healthy;
    for (const service of SERVICES) {
      this.grpc.setStatus(service, healthy ? 'SERVING' : 'NOT_SERVING');
    }
  }
}

// The Node.js worker: simul.v1.Worker, grpc.health.v1 and server reflection on one gRPC port,
// the model chosen by Simul__Model, a graceful stop on SIGTERM. See worker.json.
import { setTimeout as delay } from 'node:timers/promises';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { reflectedPackage, workerService } from './contract.js';
import { createDescription } from './describe.js';
import { WorkerHealth } from './health.js';
import { startHealthPort } from './health-port.js';
import { createMetrics } from './metrics.js';
import { createLoopModel } from './models/loop.js';
import { createWorkerThreadsModel } from './models/worker-threads.js';
import { createWorkerHandlers } from './service.js';
import { listenAddress, readSettings, SettingsError } from './settings.js';
import { WorkerStats } from './stats.js';
import { startTracing } from './tracing.js';

const MAX_MESSAGE_BYTES = 4 * 1024 * 1024; // past it: RESOURCE_EXHAUSTED, as the .NET workers

const settings = readSettingsOrExit();
const model = settings.model === 'loop' ? createLoopModel(settings) : createWorkerThreadsModel(settings);
const stopTracing = startTracing(`worker-${model.name}`);
const stats = new WorkerStats(settings.maxInFlight);
const metrics = createMetrics({ model, stats });
const description = createDescription({ model, stats, settings });
const health = new WorkerHealth();

const server = new Server({ 'grpc.max_receive_message_length': MAX_MESSAGE_BYTES });
server.addService(workerService, createWorkerHandlers({ model, stats, metrics, description }));
health.grpc.addToServer(server);
new ReflectionService(reflectedPackage).addToServer(server);
await bind(server, settings.listen);
const healthPort = settings.healthUrl && await startHealthPort(settings.healthUrl, { health, registry: metrics.registry });
await model.start();
health.serving();

const listening = [settings.listen, settings.healthUrl].filter(Boolean).map((url) => url.origin).join(', ');
const described = Object.entries(description.settings).sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => `${key}=${value}`).join(' ');
console.log(`worker model=${model.name} pid=${process.pid} listening on ${listening} settings: ${described}`);

let stopping = false;
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

/**
 * NOT_SERVING at once, so a load balancer that polls health stops sending new calls; serving
 * on for DrainDelay; then no new calls, and ShutdownGrace for those in flight to finish; then
 * the worker threads, the health port and the traces (flushed within a second); exit 0.
 */
async function stop() {
  if (stopping) {
    return;
  }
  stopping = true;
  health.draining();
  await delay(settings.drainDelayMs);
  const drained = new Promise((resolve) => server.tryShutdown(() => resolve(true)));
  if (!await Promise.race([drained, delay(settings.shutdownGraceMs, false)])) {
    server.forceShutdown();
  }
  await model.stop();
  healthPort?.close();
  stats.stop();
  await stopTracing();
  process.exit(0);
}

function readSettingsOrExit() {
  try {
    return readSettings();
  } catch (error) {
    if (!(error instanceof SettingsError)) {
      throw error;
    }
    console.error(`worker: ${error.message}`);
    process.exit(2);
  }
}

function bind(grpcServer, url) {
  const { host, port } = listenAddress(url);
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return new Promise((resolve, reject) => {
    grpcServer.bindAsync(address, ServerCredentials.createInsecure(), (error) => (error ? reject(error) : resolve()));
  });
}

import { once } from 'node:events';
import http from 'node:http';
import { listenAddress } from './settings.js';

/**
 * The optional HTTP/1.1 port (HealthUrl) for what cannot speak gRPC over h2c: GET /healthz
 * for probes ("Healthy" 200 or "Unhealthy" 503) and GET /metrics for Prometheus.
 */
export async function startHealthPort(url, { health, registry }) {
  const server = http.createServer(async (request, response) => {
    const path = new URL(request.url, 'http://health').pathname;
    if (request.method === 'GET' && path === '/healthz') {
      response.writeHead(health.healthy ? 200 : 503, { 'content-type': 'text/plain' }).end(health.healthy ? 'Healthy' : 'Unhealthy');
    } else if (request.method === 'GET' && path === '/metrics') {
      const text = await registry.metrics();
      response.writeHead(200, { 'content-type': registry.contentType }).end(text);
    } else {
      response.writeHead(404).end();
    }
  });
  const { host, port } = listenAddress(url);
  server.listen(port, host);
  await once(server, 'listening');
  return server;
}

// What grpcurl or Postman would ask a Simul worker, from an independent gRPC implementation
// (@grpc/grpc-js), with only the standard protos (shipped by @grpc/reflection and
// grpc-health-check): no Simul .proto at hand.
//   node probe.js HOST:PORT
// Prints one JSON object: each health service's status, the services reflection lists, and the
// methods reflection describes for simul.v1.Worker (decoded from its FileDescriptorProto).
'use strict';
const path = require('path');
const grpc = require('@grpc/grpc-js');
const loader = require('@grpc/proto-loader');
const descriptor = require('protobufjs/ext/descriptor');

const target = process.argv[2];
if (!target) {
  console.error('usage: node probe.js HOST:PORT');
  process.exit(2);
}

function load(file, dir) {
  return grpc.loadPackageDefinition(loader.loadSync(file, { includeDirs: [dir], keepCase: true, longs: String, enums: String, defaults: true }));
}

const health = load('health/v1/health.proto', path.dirname(require.resolve('grpc-health-check/package.json')) + '/proto').grpc.health.v1;
const reflection = load('grpc/reflection/v1alpha/reflection.proto', path.dirname(require.resolve('@grpc/reflection/package.json')) + '/build/proto').grpc.reflection.v1alpha;
const credentials = grpc.credentials.createInsecure();
const deadline = () => new Date(Date.now() + 5000);

function check(service) {
  const client = new health.Health(target, credentials);
  return new Promise((resolve) => client.Check({ service }, { deadline: deadline() }, (err, reply) => {
    client.close();
    resolve(err ? `error: ${grpc.status[err.code]} ${err.details}` : reply.status);
  }));
}

function reflect(requests) {
  const client = new reflection.ServerReflection(target, credentials);
  return new Promise((resolve, reject) => {
    const call = client.ServerReflectionInfo({ deadline: deadline() });
    const replies = [];
    call.on('data', (reply) => replies.push(reply));
    call.on('error', (err) => { client.close(); reject(err); });
    call.on('end', () => { client.close(); resolve(replies); });
    requests.forEach((request) => call.write(request));
    call.end();
  });
}

(async () => {
  const [listed, described] = await reflect([{ list_services: '' }, { file_containing_symbol: 'simul.v1.Worker' }]);
  const files = described.file_descriptor_response.file_descriptor_proto.map((bytes) => descriptor.FileDescriptorProto.decode(bytes));
  const worker = files.flatMap((f) => (f.service || []).map((s) => ({ pkg: f.package, s }))).find((x) => `${x.pkg}.${x.s.name}` === 'simul.v1.Worker');
  console.log(JSON.stringify({
    health: { '': await check(''), 'simul.v1.Worker': await check('simul.v1.Worker') },
    services: listed.list_services_response.service.map((s) => s.name),
    worker_methods: worker ? worker.s.method.map((m) => m.name) : [],
  }));
})().catch((err) => {
  console.error(err.stack || String(err));
  process.exit(1);
});

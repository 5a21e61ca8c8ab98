'use strict';
// A grpc-js server for the interop protos: node server.js --port=N (0 picks a free port).
// Prints "listening on PORT" once bound.
const { grpc, TestService, Sleeper } = require('./protos');

const port = Number((process.argv.find((a) => a.startsWith('--port=')) || '--port=0').slice(7));
const stats = { cancelled: 0, completed: 0 };

const server = new grpc.Server();
server.addService(TestService.service, {
  emptyCall: (call, callback) => callback(null, {}),
  unaryCall: (call, callback) => {
    const status = call.request.responseStatus;
    if (status && status.code !== 0) {
      callback({ code: status.code, details: status.message });
      return;
    }
    callback(null, { payload: { body: Buffer.alloc(call.request.responseSize) } });
  },
});
server.addService(Sleeper.service, {
  sleep: (call, callback) => {
    const timer = setTimeout(() => {
      stats.completed += 1;
      callback(null, { sleptMs: call.request.ms });
    }, call.request.ms);
    call.on('cancelled', () => {
      clearTimeout(timer);
      stats.cancelled += 1;
    });
  },
  stats: (call, callback) => callback(null, stats),
});

server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) => {
  if (error) {
    console.error(error.message);
    process.exit(1);
  }
  console.log(`listening on ${bound}`);
});
process.on('SIGTERM', () => server.forceShutdown());

'use strict';
// Runs one interop case with grpc-js against a server: node client.js CASE --port=N
// Exits 0 when the case passes; prints what it saw either way.
const { grpc, TestService, UnimplementedService, Sleeper } = require('./protos');

const [testCase, portArg] = process.argv.slice(2);
const address = `127.0.0.1:${Number(portArg.slice('--port='.length))}`;
const insecure = grpc.credentials.createInsecure();
const SPECIAL_MESSAGE = '\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n';

function unary(client, method, request, options = {}) {
  return new Promise((resolve) => {
    const call = client[method](request, options, (error, reply) => resolve({ error, reply, call }));
    if (options.cancelAfterMs) setTimeout(() => call.cancel(), options.cancelAfterMs);
  });
}

function expectCode(result, code, message) {
  if (!result.error) throw new Error(`expected status ${code}, got a reply`);
  if (result.error.code !== code) throw new Error(`expected status ${code}, got ${result.error.code}: ${result.error.details}`);
  if (message !== undefined && result.error.details !== message) {
    throw new Error(`expected message ${JSON.stringify(message)}, got ${JSON.stringify(result.error.details)}`);
  }
}

function expectReply(result) {
  if (result.error) throw new Error(`expected a reply, got status ${result.error.code}: ${result.error.details}`);
  return result.reply;
}

const deadline = (ms) => new Date(Date.now() + ms);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function sleeperCancelled(sleeper, before) {
  // The server sees the reset a moment after the client does: poll briefly.
  for (let i = 0; i < 50; i += 1) {
    const stats = expectReply(await unary(sleeper, 'stats', {}));
    if (stats.cancelled > before) return;
    await sleep(100);
  }
  throw new Error('the server handler never saw the cancellation');
}

const cases = {
  async empty_unary() {
    expectReply(await unary(new TestService(address, insecure), 'emptyCall', {}));
  },
  async large_unary() {
    const reply = expectReply(await unary(new TestService(address, insecure), 'unaryCall', {
      responseSize: 314159, payload: { body: Buffer.alloc(271828) },
    }));
    if (reply.payload.body.length !== 314159) throw new Error(`payload was ${reply.payload.body.length} bytes`);
  },
  async client_compressed_unary() {
    const client = new TestService(address, insecure, { 'grpc.default_compression_algorithm': 2 });
    const reply = expectReply(await unary(client, 'unaryCall', {
      responseSize: 1000, payload: { body: Buffer.alloc(50000) },
    }));
    if (reply.payload.body.length !== 1000) throw new Error(`payload was ${reply.payload.body.length} bytes`);
  },
  async status_code_and_message() {
    const result = await unary(new TestService(address, insecure), 'unaryCall', {
      responseStatus: { code: 2, message: 'test status message' },
    });
    expectCode(result, 2, 'test status message');
  },
  async special_status_message() {
    const result = await unary(new TestService(address, insecure), 'unaryCall', {
      responseStatus: { code: 2, message: SPECIAL_MESSAGE },
    });
    expectCode(result, 2, SPECIAL_MESSAGE);
  },
  async unimplemented_method() {
    expectCode(await unary(new TestService(address, insecure), 'unimplementedCall', {}), grpc.status.UNIMPLEMENTED);
  },
  async unimplemented_service() {
    expectCode(await unary(new UnimplementedService(address, insecure), 'unimplementedCall', {}), grpc.status.UNIMPLEMENTED);
  },
  async timeout_on_sleeping_server() {
    const sleeper = new Sleeper(address, insecure);
    const before = expectReply(await unary(sleeper, 'stats', {})).cancelled;
    expectCode(await unary(sleeper, 'sleep', { ms: 10000 }, { deadline: deadline(200) }), grpc.status.DEADLINE_EXCEEDED);
    await sleeperCancelled(sleeper, before);
  },
  async cancel_after_begin() {
    const sleeper = new Sleeper(address, insecure);
    const before = expectReply(await unary(sleeper, 'stats', {})).cancelled;
    expectCode(await unary(sleeper, 'sleep', { ms: 10000 }, { cancelAfterMs: 200 }), grpc.status.CANCELLED);
    await sleeperCancelled(sleeper, before);
  },
  async request_over_size_limit() {
    const result = await unary(new TestService(address, insecure), 'unaryCall', {
      responseSize: 1, payload: { body: Buffer.alloc(4 * 1024 * 1024 + 1) },
    });
    expectCode(result, grpc.status.RESOURCE_EXHAUSTED);
  },
};

const run = cases[testCase];
if (!run) {
  console.error(`unknown case ${testCase}; known: ${Object.keys(cases).join(', ')}`);
  process.exit(2);
}
run().then(
  () => { console.log(`${testCase}: passed`); process.exit(0); },
  (error) => { console.error(`${testCase}: FAILED: ${error.message}`); process.exit(1); },
);

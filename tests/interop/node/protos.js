'use strict';
// Loads the interop protos shared with the .NET side (tests/interop/protos).
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const root = path.join(__dirname, '..', 'protos');
const definition = protoLoader.loadSync(
  ['grpc/testing/test.proto', 'simul/testing/sleeper.proto'],
  { includeDirs: [root], keepCase: false, longs: Number, enums: String, defaults: true },
);
const loaded = grpc.loadPackageDefinition(definition);

module.exports = {
  grpc,
  TestService: loaded.grpc.testing.TestService,
  UnimplementedService: loaded.grpc.testing.UnimplementedService,
  Sleeper: loaded.simul.testing.Sleeper,
};

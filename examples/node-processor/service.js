// What the example Processor and Middleware share: Routr's processor.proto loaded from the grpc
// module, and a gRPC server for fonoster.routr.processor.v2beta1.Processor that stops on SIGTERM.
"use strict";

const path = require("path");
const grpc = require("@grpc/grpc-js");
const protoLoader = require("@grpc/proto-loader");

const PROTOS = process.env.TANDEM_PROTOS || path.join(__dirname, "..", "..", "grpc", "src", "main", "protobuf");
const definition = protoLoader.loadSync(path.join(PROTOS, "processor.proto"), {
  keepCase: true, // field names as in the .proto (edge_port_ref, response_type)
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTOS],
});
const processor = grpc.loadPackageDefinition(definition).fonoster.routr.processor.v2beta1;

/** Serves processMessage on addr ("HOST:PORT"); name prefixes the log lines. */
function serve(addr, name, processMessage) {
  const server = new grpc.Server();
  server.addService(processor.Processor.service, { processMessage });
  server.bindAsync(addr, grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) {
      console.error(`${name}: cannot listen on ${addr}: ${err.message}`);
      process.exit(1);
    }
    console.log(`${name}: listening on ${addr} (port ${port})`);
  });
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => server.tryShutdown(() => process.exit(0)));
  }
}

module.exports = { serve };

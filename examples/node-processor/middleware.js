// An example Middleware in Node, for Tandem (and Routr v2): Routr's middleware contract is the
// Processor service (fonoster.routr.processor.v2beta1.Processor/ProcessMessage). It sends every
// request back, as Routr's middlewares do, with two headers added to its extensions: the tenant
// (argv[3], default "acme") and where the request came from. A dispatcher.yaml middleware entry
// with postProcessor: false puts it before the processor; the request then goes on with them.
//
//   npm install && node middleware.js [HOST:PORT] [TENANT]      (default 0.0.0.0:51911 acme)
"use strict";

const { serve } = require("./service");

const tenant = process.argv[3] || "acme";
let edited = 0;

function processMessage(call, callback) {
  const request = call.request;
  const message = request.message;
  message.extensions.push(
    { name: "X-Tenant", value: tenant },
    { name: "X-Edge-Source", value: `${request.sender.host}:${request.sender.port}` },
  );
  edited++;
  console.log(`middleware: ${message.method} ${request.ref} sent on with X-Tenant: ${tenant} (${edited})`);
  callback(null, { message });
}

serve(process.argv[2] || "0.0.0.0:51911", "middleware", processMessage);

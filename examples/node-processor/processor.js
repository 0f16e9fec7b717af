// An example Processor in Node, for Tandem (and Routr v2): it implements
// fonoster.routr.processor.v2beta1.Processor/ProcessMessage from the protos in grpc/src/main/protobuf
// and answers every request it is given (a dispatcher.yaml sends it MESSAGE) with 200 OK, in
// Routr's shape (message.response_type), adding headers that show what it read from the request's
// typed fields and from Tandem's lossless wire form.
//
//   npm install && node processor.js [HOST:PORT]      (default 0.0.0.0:51910)
"use strict";

const { serve } = require("./service");

let handled = 0;

function processMessage(call, callback) {
  const request = call.request;
  const message = request.message || {};
  const from = message.from && message.from.address && message.from.address.uri ? message.from.address.uri.user : "";
  const wire = message.wire || { headers: [], body: Buffer.alloc(0) };
  const text = Buffer.from(wire.body).toString("utf8").trim();
  handled++;
  console.log(`processor: ${message.method} ${request.ref} from ${from} (${wire.headers.length} header lines, ` +
    `${wire.body.length} body bytes) via ${request.sender.transport} ${request.sender.host}:${request.sender.port}`);
  callback(null, {
    message: {
      response_type: "OK",
      reason_phrase: "OK",
      extensions: [
        { name: "X-Processor", value: "node-example" },
        { name: "X-Message-From", value: from },
        { name: "X-Message-Text", value: text.replace(/[\r\n]+/g, " ") },
        { name: "X-Handled", value: String(handled) },
      ],
    },
  });
}

serve(process.argv[2] || "0.0.0.0:51910", "processor", processMessage);

#!/usr/bin/env python3
"""The two JetStream requests the benchmark needs, over NATS's text protocol (no client library).

    jetstream.py PORT create STREAM SUBJECT   # a file-backed stream capturing SUBJECT (kept if it exists)
    jetstream.py PORT count STREAM            # prints the stream's message count (0 when it does not exist)

JetStream's API is request/reply on $JS.API.* subjects (nats-server's JetStream API reference):
STREAM.CREATE.<name> with the stream's configuration, STREAM.INFO.<name> whose reply has state.messages.
"""
import json
import socket
import sys


def request(port, subject, payload):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    f = s.makefile("rb")
    f.readline()  # INFO
    body = json.dumps(payload).encode()
    s.sendall(b'CONNECT {"verbose":false,"pedantic":false}\r\nSUB _INBOX.bench 1\r\n'
              + b"PUB %s _INBOX.bench %d\r\n%s\r\nPING\r\n" % (subject.encode(), len(body), body))
    while True:
        line = f.readline()
        if not line:
            raise SystemExit("jetstream.py: nats-server closed the connection")
        if line.startswith(b"MSG "):
            size = int(line.split()[-1])
            reply = json.loads(f.read(size + 2)[:size])
            s.close()
            return reply
        if line.startswith(b"-ERR"):
            raise SystemExit("jetstream.py: " + line.decode().strip())
        if line.startswith(b"PING"):
            s.sendall(b"PONG\r\n")


def main(argv):
    port, op = int(argv[1]), argv[2]
    if op == "create":
        name, subject = argv[3], argv[4]
        reply = request(port, "$JS.API.STREAM.CREATE." + name,
                        {"name": name, "subjects": [subject], "storage": "file", "duplicate_window": 120_000_000_000})
        err = reply.get("error")
        if err and "already in use" not in err.get("description", ""):
            raise SystemExit("jetstream.py: cannot create stream %s: %s" % (name, err.get("description")))
    elif op == "count":
        reply = request(port, "$JS.API.STREAM.INFO." + argv[3], {})
        print(reply.get("state", {}).get("messages", 0))
    else:
        raise SystemExit("jetstream.py: unknown operation " + op)


if __name__ == "__main__":
    main(sys.argv)

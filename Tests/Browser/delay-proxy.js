// A TCP proxy on 127.0.0.1 that holds every chunk for `oneWayMs` in each direction, so the
// page sees a round trip that much longer times two. Chunks keep their order: they all wait
// the same time, and Node runs equal timers in the order they were set.

import { createServer, connect } from "node:net";

export function startDelayProxy(targetPort, oneWayMs) {
  const sockets = new Set();
  const server = createServer((client) => {
    const upstream = connect(targetPort, "127.0.0.1");
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {});
    }
    const relay = (from, to) => {
      from.on("data", (chunk) => setTimeout(() => to.writable && to.write(chunk), oneWayMs));
      from.on("end", () => setTimeout(() => to.end(), oneWayMs));
      from.on("close", () => setTimeout(() => to.destroy(), oneWayMs));
    };
    relay(client, upstream);
    relay(upstream, client);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve({
      port: server.address().port,
      close: () => {
        for (const socket of sockets) socket.destroy();
        return new Promise((done) => server.close(done));
      },
    }));
  });
}

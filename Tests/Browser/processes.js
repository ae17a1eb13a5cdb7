// The tickwire binary as child processes: a server and bots, each awaited on its own output.

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";

export const repository = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export function tickwireBinary() {
  const binary = process.env.TICKWIRE_BINARY ?? resolve(repository, ".build/debug/tickwire");
  if (!existsSync(binary)) throw new Error(`${binary} is missing: build it first (swift build), or set TICKWIRE_BINARY`);
  return binary;
}

/** Runs `tickwire args…`; `ready` resolves with the first stdout line matching `pattern`. */
export function runTickwire(args, pattern) {
  const child = spawn(tickwireBinary(), args, { cwd: repository, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal)));
  const ready = new Promise((resolve, reject) => {
    const look = (chunk) => {
      output += chunk;
      const match = pattern && output.match(pattern);
      if (match) resolve(match);
    };
    child.stdout.on("data", look);
    child.stderr.on("data", look);
    exited.then((status) => reject(new Error(`tickwire ${args[0]} exited (${status}): ${output.slice(-2000)}`)));
  });
  ready.catch(() => {});
  return {
    child, ready, exited,
    get output() { return output; },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** `tickwire serve` on a free loopback port, serving web/ and maps/. */
export async function startServer(extraArgs = []) {
  const server = runTickwire(["serve", "--host", "127.0.0.1", "--port", "0", "--web", "web", "--maps", "maps", ...extraArgs],
    /listening on 127\.0\.0\.1:(\d+)/);
  const [, port] = await server.ready;
  server.port = Number(port);
  return server;
}

/** Polls the server's /rooms until `predicate(rooms)` holds. */
export async function waitForRooms(port, predicate, what, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rooms = await (await fetch(`http://127.0.0.1:${port}/rooms`)).json();
    if (predicate(rooms)) return rooms;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(rooms)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

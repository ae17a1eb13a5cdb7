// Joins room ROOM through the Tickwire node at URL with web/tickwire.js (Node's WebSocket,
// run with --experimental-websocket on Node 20), plays until 10 snapshots arrived, and
// prints what it saw as JSON: the room, the node it ended on, the redirects it followed.
// Exit status 0 when it played, 1 otherwise. Used by Tests/ServerTests/ClusterTests.swift.
import { TickwireClient } from "../../web/tickwire.js";

const [url, room] = process.argv.slice(2);
const client = new TickwireClient(url);
const deadline = setTimeout(() => { console.log(JSON.stringify({ error: "no 10 snapshots within 10 s" })); process.exit(1); }, 10_000);
try {
  const welcome = await client.join({ name: "js", room });
  let snapshots = 0;
  await new Promise((resolve) => client.on("snapshot", () => { if (++snapshots === 10) resolve(); }));
  console.log(JSON.stringify({ room: welcome.roomId, url: client.url, redirects: client.redirects, snapshots }));
  clearTimeout(deadline);
  client.close();
  process.exit(0);
} catch (error) {
  console.log(JSON.stringify({ error: String(error) }));
  process.exit(1);
}

// A real MCP client (the TypeScript SDK's Client) driven by netsweep's tests: one JSON command per line on stdin,
// one JSON answer per line on stdout. Commands may overlap (each carries an id), so a test can start a scan that
// waits and cancel it from a second call. Usage:
//   node driver.mjs stdio COMMAND [ARG...]     starts COMMAND and speaks MCP over its stdin/stdout
//   node driver.mjs http URL TOKEN             Streamable HTTP, the token as Authorization: Bearer
// Commands: {"id","op":"listTools"|"listResourceTemplates"|"callTool"|"readResource"|"close", "name", "arguments",
// "uri", "progress": true}. Answers: {"id","ok":true,"result"} or {"id","ok":false,"error":{"code","message"}};
// progress notifications of a call as {"id","event":"progress","progress","total","message"}.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import readline from "node:readline";

const [mode, ...rest] = process.argv.slice(2);
let transport;
if (mode === "stdio") {
  transport = new StdioClientTransport({ command: rest[0], args: rest.slice(1), stderr: "inherit", env: process.env });
} else if (mode === "http") {
  transport = new StreamableHTTPClientTransport(new URL(rest[0]), {
    requestInit: { headers: { Authorization: `Bearer ${rest[1]}` } },
  });
} else {
  console.error("usage: driver.mjs stdio COMMAND [ARG...] | http URL TOKEN");
  process.exit(2);
}

const out = (o) => process.stdout.write(JSON.stringify(o) + "\n");
const client = new Client({ name: "netsweep-test-client", version: "1.0.0" });
client.onerror = (e) => out({ event: "client_error", message: String(e && e.message || e) });
// The SDK gives a request 60 s by default; the tests wait 120 s for the connection (NodeMcpClient.ANSWER), and a
// server JVM starting on a loaded machine has taken more than 60 s to answer initialize.
const startup = { timeout: 120000 };
await client.connect(transport, startup);
// As a client normally does first; it also makes the SDK check every structured result against its output schema.
await client.listTools(undefined, startup);
out({ event: "connected", server: client.getServerVersion(), capabilities: client.getServerCapabilities() });

const rl = readline.createInterface({ input: process.stdin });
const pending = new Set();
rl.on("line", (line) => {
  if (!line.trim()) return;
  const cmd = JSON.parse(line);
  const job = run(cmd).then(
    (result) => out({ id: cmd.id, ok: true, result }),
    (e) => out({ id: cmd.id, ok: false, error: { code: e.code ?? null, message: String(e.message || e) } }),
  );
  pending.add(job);
  job.finally(() => pending.delete(job));
});
rl.on("close", async () => {
  await Promise.allSettled([...pending]);
  await client.close();
  process.exit(0);
});

async function run(cmd) {
  const options = { timeout: 600000, resetTimeoutOnProgress: true };
  switch (cmd.op) {
    case "listTools":
      return await client.listTools();
    case "listResourceTemplates":
      return await client.listResourceTemplates();
    case "readResource":
      return await client.readResource({ uri: cmd.uri });
    case "callTool":
      if (cmd.progress) {
        options.onprogress = (p) => out({ id: cmd.id, event: "progress", ...p });
      }
      return await client.callTool({ name: cmd.name, arguments: cmd.arguments ?? {} }, undefined, options);
    case "close":
      await client.close();
      return {};
    default:
      throw new Error("unknown op " + cmd.op);
  }
}

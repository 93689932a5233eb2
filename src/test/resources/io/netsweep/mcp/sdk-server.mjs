// A small MCP server on the real TypeScript SDK, for what npm's reference server does not show:
//   MODE=readonly  Streamable HTTP at /mcp, every tool annotated read-only
//   MODE=oauth     Streamable HTTP at /mcp behind the SDK's bearer-token middleware, with OAuth
//                  protected-resource metadata (RFC 9728) naming its authorization server
// Environment: MCP_ROOT (the npm install holding the SDK), PORT. Listens on 127.0.0.1 only.
const root = process.env.MCP_ROOT;
const sdk = `${root}/node_modules/@modelcontextprotocol/sdk/dist/esm`;
const { McpServer } = await import(`${sdk}/server/mcp.js`);
const { StreamableHTTPServerTransport } = await import(`${sdk}/server/streamableHttp.js`);
const { requireBearerAuth } = await import(`${sdk}/server/auth/middleware/bearerAuth.js`);
const { mcpAuthMetadataRouter, getOAuthProtectedResourceMetadataUrl } = await import(`${sdk}/server/auth/router.js`);
const express = (await import(`${root}/node_modules/express/index.js`)).default;
const { randomUUID } = await import("node:crypto");

const port = Number(process.env.PORT);
const mode = process.env.MODE ?? "readonly";
const base = new URL(`http://127.0.0.1:${port}/mcp`);

function server() {
  const s = new McpServer({ name: `netsweep-test-${mode}`, version: "1.4.2" });
  s.registerTool("lookup", { description: "reads a record", annotations: { readOnlyHint: true } },
    async () => ({ content: [{ type: "text", text: "ok" }] }));
  s.registerTool("status", { description: "reports status", annotations: { readOnlyHint: true, destructiveHint: false } },
    async () => ({ content: [{ type: "text", text: "ok" }] }));
  return s;
}

const app = express();
app.use(express.json());
if (mode === "oauth") {
  app.use(mcpAuthMetadataRouter({
    oauthMetadata: { issuer: "https://auth.example.test/", authorization_endpoint: "https://auth.example.test/authorize",
      token_endpoint: "https://auth.example.test/token", response_types_supported: ["code"] },
    resourceServerUrl: base,
  }));
  app.use("/mcp", requireBearerAuth({
    verifier: { verifyAccessToken: async () => { throw new Error("no token is valid here"); } },
    resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(base),
  }));
}
const sessions = new Map();
app.post("/mcp", async (req, res) => {
  const id = req.headers["mcp-session-id"];
  let transport = id ? sessions.get(id) : undefined;
  if (!transport) {
    transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sid) => sessions.set(sid, transport) });
    transport.onclose = () => sessions.delete(transport.sessionId);
    await server().connect(transport);
  }
  await transport.handleRequest(req, res, req.body);
});
for (const method of ["get", "delete"]) {
  app[method]("/mcp", async (req, res) => {
    const transport = sessions.get(req.headers["mcp-session-id"]);
    if (!transport) {
      res.status(400).json({ jsonrpc: "2.0", error: { code: -32000, message: "Bad Request: No valid session ID provided" }, id: null });
      return;
    }
    await transport.handleRequest(req, res);
  });
}
app.listen(port, "127.0.0.1", () => console.error(`listening on ${port}`));

// An MCP server written with the official TypeScript SDK: the reference counterpart of Agentry's MCP client.
// stdio by default; "--http" serves streamable HTTP on a free 127.0.0.1 port (printed as "LISTENING <port>")
// and requires "Authorization: Bearer $TS_SERVER_TOKEN".
import http from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

const payments = [];
const text = (value) => ({ content: [{ type: 'text', text: typeof value === 'string' ? value : JSON.stringify(value) }] });

function build() {
  const server = new McpServer({ name: 'ts-tools', version: '1.0.0' });
  server.registerTool('quote', { description: 'USD price of a token symbol', inputSchema: { symbol: z.string() } },
    async ({ symbol }) => text(`${symbol}: 3120.55 USD`));
  server.registerTool('pay', { description: 'Pays an amount of ETH (decimal string) to an address',
      inputSchema: { to: z.string(), amount: z.string() } },
    async ({ to, amount }, extra) => {
      payments.push({ to, amount, idempotencyKey: extra._meta?.idempotencyKey ?? null });
      return text({ paid: amount, to, payment: payments.length });
    });
  server.registerTool('ledger', { description: 'Payments made so far', inputSchema: {} }, async () => text(payments));
  server.registerTool('env_names', { description: 'Names of the environment variables this process sees', inputSchema: {} },
    async () => text(Object.keys(process.env).sort()));
  server.registerTool('greeting', { description: 'The configured greeting', inputSchema: {} },
    async () => text(process.env.TS_GREETING ?? 'no greeting'));
  server.registerTool('whoami', { description: 'This process id', inputSchema: {} }, async () => text(String(process.pid)));
  server.registerTool('crash', { description: 'Exits the process without answering', inputSchema: {} },
    async () => { process.exit(3); });
  return server;
}

if (process.argv.includes('--http')) {
  const token = process.env.TS_SERVER_TOKEN;
  const httpServer = http.createServer(async (req, res) => {
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { 'Content-Type': 'text/plain' }).end('unauthorized');
      return;
    }
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
    const server = build();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => { transport.close(); server.close(); });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  });
  httpServer.listen(0, '127.0.0.1', () => console.log(`LISTENING ${httpServer.address().port}`));
} else {
  await build().connect(new StdioServerTransport());
}

// An MCP client written with the official TypeScript SDK: the reference counterpart of Agentry's MCP server.
// Usage: node ts-client.mjs PLAN.json — runs the plan's steps and prints one JSON array of their results.
// Plan: {"url": "http://…/mcp"} or {"stdio": {"command": "java", "args": [...]}}, "sessions": {"name": "token"},
//       "steps": [{"as": "name", "op": "list"} | {"as", "op": "call", "name", "arguments", "meta"} | {"as", "op": "parallel", "calls": [...]}]
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const clients = new Map();

async function session(name) {
  if (!clients.has(name)) {
    const client = new Client({ name: `ts-client-${name}`, version: '1.0.0' });
    const transport = plan.stdio
      ? new StdioClientTransport({ command: plan.stdio.command, args: plan.stdio.args, env: plan.stdio.env, stderr: 'inherit' })
      : new StreamableHTTPClientTransport(new URL(plan.url),
          { requestInit: { headers: { Authorization: `Bearer ${plan.sessions[name]}` } } });
    await client.connect(transport);
    clients.set(name, client);
  }
  return clients.get(name);
}

async function call(client, c) {
  const params = { name: c.name, arguments: c.arguments ?? {} };
  if (c.meta) params._meta = c.meta;
  const result = await client.callTool(params, undefined, { timeout: 120000 });
  return { isError: result.isError === true, text: result.content.map((part) => part.text ?? `[${part.type}]`).join('\n'),
    meta: result._meta ?? {} };
}

async function run(step) {
  try {
    const client = await session(step.as);
    switch (step.op) {
      case 'list': return { tools: (await client.listTools()).tools.map((t) => t.name) };
      case 'call': return await call(client, step);
      case 'parallel': return { results: await Promise.all(step.calls.map((c) => call(client, c))) };
      default: return { error: `unknown op ${step.op}` };
    }
  } catch (e) {
    return { error: String(e?.message ?? e) };
  }
}

const results = [];
for (const step of plan.steps) results.push({ step: step.label ?? step.op, ...(await run(step)) });
for (const client of clients.values()) await client.close().catch(() => {});
process.stdout.write(JSON.stringify(results) + '\n');
process.exit(0);

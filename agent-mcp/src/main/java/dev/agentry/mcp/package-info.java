/**
 * The Model Context Protocol both ways.
 *
 * <ul>
 *   <li><b>Client</b>: {@link dev.agentry.mcp.McpPlugin} (plugin {@code "mcp"}) turns the tools of
 *       the MCP servers an agent's configuration lists (stdio processes or streamable HTTP
 *       endpoints) into ordinary Agentry tools, with operator-declared effects and spends, under
 *       the agent's trust gates, policy, journal and idempotency. Lost servers are restarted with
 *       backoff.
 *   <li><b>Server</b>: {@link dev.agentry.mcp.McpAgentServer} serves one agent's toolset to MCP
 *       clients over stdio and over streamable HTTP with bearer tokens; each
 *       {@link dev.agentry.mcp.McpCredential} carries a trust level, so calls from Claude Desktop
 *       or an IDE meet the same caps, allowlists, approvals and journal as the agent's own turns.
 * </ul>
 *
 * <p>Supported MCP features: tools (list, call, {@code isError} results, {@code _meta}),
 * both transports in both directions, pagination of {@code tools/list}, ping. Not supported:
 * resources, prompts, sampling, elicitation, completions, progress notifications and
 * cancellation of a running call (a cancelled call still completes and is journalled), and
 * {@code tools/list_changed} (an agent's tool names are fixed when it registers; a restarted
 * server's new schemas are picked up, new tools are not).
 *
 * <p><b>Why the official MCP Java SDK</b> ({@code io.modelcontextprotocol.sdk:mcp}) rather than
 * LangChain4j's {@code langchain4j-mcp}: Agentry needs both directions, and LangChain4j's module
 * is a client only (its stdio-only server lives in a separate community module), so using it
 * would mean two MCP implementations with two sets of protocol types. The SDK has the client,
 * the server, and a streamable HTTP server transport (a servlet, hosted here on Jetty) with
 * per-request transport contexts, which is what lets each HTTP request be judged by the
 * credential that sent it; its per-context tool-list filters let {@code tools/list} show each
 * credential only what the policy offers it; it is the reference Java implementation, kept in step
 * with the specification, and it uses Jackson 3 like Agentry. The MCP tools still become
 * LangChain4j {@code ToolSpecification}s, so the model sees them like any other tool.
 */
package dev.agentry.mcp;

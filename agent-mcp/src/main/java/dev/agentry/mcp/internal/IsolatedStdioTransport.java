package dev.agentry.mcp.internal;

import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;

/**
 * The SDK's stdio transport, with one change: the server process does not inherit this process's
 * environment. The SDK starts from a copy of the whole environment and adds the configured
 * variables, which would hand the agent's own secrets (its private key, its model API key) to
 * every third-party MCP server. Here the process gets only the SDK's minimal base (PATH, HOME,
 * USER, SHELL, TERM, LOGNAME) and the variables configured for that server.
 */
final class IsolatedStdioTransport extends StdioClientTransport {

    IsolatedStdioTransport(ServerParameters params, McpJsonMapper json) {
        super(params, json);
    }

    @Override
    protected ProcessBuilder getProcessBuilder() {
        ProcessBuilder builder = super.getProcessBuilder();
        builder.environment().clear();
        return builder;
    }
}

package dev.agentry.mcp.internal;

import dev.agentry.mcp.McpCredential;
import dev.agentry.mcp.McpException;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The streamable HTTP endpoint: Jetty hosting the SDK's servlet transport behind
 * {@link BearerAuthFilter}. Each request's transport context carries the credential that
 * authenticated it, so one session's calls are judged by the token that sent each of them.
 */
public final class HttpEndpoint implements AutoCloseable {
    private final Server server;
    private final HttpServletStreamableServerTransportProvider transport;
    private final URI uri;

    private HttpEndpoint(Server server, HttpServletStreamableServerTransportProvider transport, URI uri) {
        this.server = server;
        this.transport = transport;
        this.uri = uri;
    }

    /** The transport, for the MCP server to be built on. */
    public HttpServletStreamableServerTransportProvider transport() {
        return transport;
    }

    /** The endpoint's URL, with the port actually bound. */
    public URI uri() {
        return uri;
    }

    /**
     * Creates the transport; {@link #start} binds it.
     */
    public static HttpServletStreamableServerTransportProvider transport(String path, McpJsonMapper json) {
        return HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(json)
                .mcpEndpoint(path)
                .contextExtractor(request -> request.getAttribute(ToolBridge.CREDENTIAL) instanceof McpCredential credential
                        ? McpTransportContext.create(Map.of(ToolBridge.CREDENTIAL, credential)) : McpTransportContext.EMPTY)
                .build();
    }

    /**
     * Binds the endpoint.
     *
     * @throws McpException if the address cannot be bound
     */
    public static HttpEndpoint start(HttpServletStreamableServerTransportProvider transport, String host, int port, String path,
            List<McpCredential> credentials) {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder servlet = new ServletHolder(transport);
        servlet.setAsyncSupported(true);
        context.addServlet(servlet, path);
        FilterHolder auth = new FilterHolder(new BearerAuthFilter(credentials));
        auth.setAsyncSupported(true);
        context.addFilter(auth, path, EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // the bind failure is what matters
            }
            throw new McpException("cannot serve MCP over HTTP at " + host + ":" + port + ": " + e.getMessage(), e);
        }
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        return new HttpEndpoint(server, transport, URI.create("http://" + shownHost + ":" + connector.getLocalPort() + path));
    }

    /** Stops accepting requests and closes the sessions. */
    @Override
    public void close() {
        try {
            transport.closeGracefully().block();
        } catch (RuntimeException e) {
            // sessions may already be gone
        }
        try {
            server.stop();
        } catch (Exception e) {
            throw new McpException("stopping the MCP HTTP endpoint failed: " + e.getMessage(), e);
        }
    }
}

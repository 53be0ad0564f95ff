package dev.agentry.console.internal;

import dev.agentry.console.ConsoleException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.util.EnumSet;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;

/** Jetty hosting the console: the API, the login and the page, all behind {@link AuthFilter}. */
public final class ConsoleServer implements AutoCloseable {
    private final Server server;
    private final URI uri;

    private ConsoleServer(Server server, URI uri) {
        this.server = server;
        this.uri = uri;
    }

    /**
     * Binds and starts.
     *
     * @throws ConsoleException if the address cannot be bound
     */
    public static ConsoleServer start(String host, int port, Operators operators, ApiServlet api) {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        add(context, api, "/api/*");
        LoginServlet login = new LoginServlet(operators);
        add(context, login, "/login");
        add(context, login, "/logout");
        add(context, new StaticServlet(), "/");
        FilterHolder auth = new FilterHolder(new AuthFilter(operators));
        auth.setAsyncSupported(true);
        context.addFilter(auth, "/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.setStopTimeout(2_000);
        try {
            server.start();
        } catch (Exception e) {
            LifeCycle.stop(server);
            throw new ConsoleException("cannot serve the console at " + host + ":" + port + ": " + e.getMessage(), e);
        }
        URI bound = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort() + "/");
        return new ConsoleServer(server, bound);
    }

    private static void add(ServletContextHandler context, HttpServlet servlet, String path) {
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, path);
    }

    /** The console's address, with the port actually bound. */
    public URI uri() {
        return uri;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new ConsoleException("stopping the console failed: " + e.getMessage(), e);
        }
    }
}

package dev.agentry.runner;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where {@code agentry run BOT --cluster BOOTSTRAP_SERVERS JDBC_URL} joins a cluster: the Kafka
 * brokers and the PostgreSQL database the nodes share. Checked for form only (a reachable broker and
 * database are {@link ClusterReach}'s job). The database user and password are the URL's
 * {@code user} and {@code password} parameters, else {@code PGUSER} and {@code PGPASSWORD} (default
 * {@code postgres}, no password); the password is never shown: {@link #shownUrl()} drops the
 * URL's parameters.
 *
 * @param bootstrapServers the brokers, {@code host:port[,host:port...]}
 * @param jdbcUrl the database, {@code jdbc:postgresql://host:port/db[?params]}
 */
record ClusterAddress(String bootstrapServers, String jdbcUrl) {
    /** How {@code --cluster} is used, for messages. */
    static final String USAGE = "--cluster HOST:PORT[,HOST:PORT...] jdbc:postgresql://HOST:PORT/DATABASE";
    private static final Pattern BROKER = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9][A-Za-z0-9.-]*):([0-9]{1,5})");

    /**
     * Checks the form of the two values that follow {@code --cluster}.
     *
     * @param servers the bootstrap servers
     * @param url the JDBC URL
     * @return the address
     * @throws UserError naming the value that is wrong
     */
    static ClusterAddress of(String servers, String url) {
        boolean brokers = Arrays.stream(servers.split(",", -1)).allMatch(s -> {
            var m = BROKER.matcher(s.strip());
            return m.matches() && Integer.parseInt(m.group(2)) >= 1 && Integer.parseInt(m.group(2)) <= 65535;
        });
        if (!brokers) {
            throw new UserError("--cluster: '" + servers + "' is not a list of Kafka brokers; expected HOST:PORT[,HOST:PORT...], e.g. 127.0.0.1:9092");
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new UserError("--cluster: the database URL must start with jdbc:postgresql:, e.g. jdbc:postgresql://127.0.0.1:5432/agentry; got '"
                    + hide(url) + "'");
        }
        return new ClusterAddress(servers.replace(" ", ""), url);
    }

    /**
     * Returns the URL without its parameters (which may hold the password) or credentials.
     *
     * @return the URL as messages show it
     */
    String shownUrl() {
        return hide(jdbcUrl);
    }

    /**
     * Returns the database user: the URL's {@code user}, else {@code PGUSER}, else {@code postgres}.
     *
     * @param env the environment
     * @return the user
     */
    String user(Map<String, String> env) {
        return parameter("user").orElse(env.getOrDefault("PGUSER", "postgres"));
    }

    /**
     * Returns the database password: the URL's {@code password}, else {@code PGPASSWORD}, else none.
     *
     * @param env the environment
     * @return the password, empty for none
     */
    String password(Map<String, String> env) {
        return parameter("password").orElse(env.getOrDefault("PGPASSWORD", ""));
    }

    /**
     * Returns the URL with the user and password as parameters, for clients that take only a URL.
     * Never shown: it may hold the password.
     *
     * @param env the environment
     * @return the URL with {@code user} and {@code password}
     */
    String urlWithCredentials(Map<String, String> env) {
        StringBuilder url = new StringBuilder(jdbcUrl);
        for (String name : new String[] {"user", "password"}) {
            if (parameter(name).isEmpty()) {
                String value = name.equals("user") ? user(env) : password(env);
                url.append(url.indexOf("?") < 0 ? '?' : '&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        return url.toString();
    }

    private Optional<String> parameter(String name) {
        int query = jdbcUrl.indexOf('?');
        if (query < 0) {
            return Optional.empty();
        }
        return Arrays.stream(jdbcUrl.substring(query + 1).split("&")).map(p -> p.split("=", 2))
                .filter(kv -> kv.length == 2 && kv[0].equals(name)).map(kv -> URLDecoder.decode(kv[1], StandardCharsets.UTF_8)).findFirst();
    }

    private static String hide(String url) {
        return url.replaceFirst("[?;].*$", "").replaceFirst("//[^/@]*@", "//");
    }
}

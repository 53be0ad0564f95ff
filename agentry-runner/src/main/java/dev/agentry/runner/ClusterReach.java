package dev.agentry.runner;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;

/**
 * Before a cluster node starts: are its Kafka brokers and its PostgreSQL database reachable? Each
 * probe gives up after a bounded time and fails with one line naming the server and its address
 * (never the password), so an operator with a typo waits seconds, not a client's default minutes.
 */
final class ClusterReach {
    /** How long the broker may take to answer. */
    static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(15);
    /** How long the database may take to accept a connection. */
    static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(10);

    private ClusterReach() {}

    /**
     * Asks the brokers for the cluster's nodes.
     *
     * @param servers the bootstrap servers
     * @throws UserError if no broker answers in time
     */
    static void kafka(String servers) {
        int millis = (int) KAFKA_TIMEOUT.toMillis();
        Properties p = new Properties();
        p.put("bootstrap.servers", servers);
        p.put("client.id", "agentry-probe");
        p.put("request.timeout.ms", Integer.toString(millis));
        p.put("default.api.timeout.ms", Integer.toString(millis));
        p.put("socket.connection.setup.timeout.ms", "3000");
        p.put("socket.connection.setup.timeout.max.ms", "3000");
        p.put("reconnect.backoff.max.ms", "1000");
        String failure;
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster().nodes().get(millis, TimeUnit.MILLISECONDS);
            return;
        } catch (ExecutionException e) {
            failure = Agentry.describe(e.getCause());
        } catch (TimeoutException e) {
            failure = "no answer within " + KAFKA_TIMEOUT.toSeconds() + " s";
        } catch (KafkaException e) {
            failure = Agentry.describe(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        }
        throw new UserError("cannot reach the Kafka broker at " + servers + " (" + failure + "); is it running, and is the address right? "
                + "agent-cluster/README.md shows how to start one");
    }

    /**
     * Opens and closes a connection to the database.
     *
     * @param address the cluster's address
     * @param env the environment (PGUSER, PGPASSWORD)
     * @throws UserError if the database refuses or does not answer in time
     */
    static void postgres(ClusterAddress address, Map<String, String> env) {
        String password = address.password(env);
        Properties p = new Properties();
        p.put("user", address.user(env));
        p.put("password", password);
        p.put("connectTimeout", Long.toString(DATABASE_TIMEOUT.toSeconds()));
        p.put("loginTimeout", Long.toString(DATABASE_TIMEOUT.toSeconds()));
        p.put("socketTimeout", Long.toString(DATABASE_TIMEOUT.toSeconds()));
        try (Connection c = DriverManager.getConnection(address.jdbcUrl(), p)) {
            c.isValid((int) DATABASE_TIMEOUT.toSeconds());
        } catch (SQLException e) {
            String reason = Agentry.describe(e);
            if (!password.isEmpty()) {
                reason = reason.replace(password, "***");
            }
            throw new UserError("cannot reach the PostgreSQL database at " + address.shownUrl() + " as user " + address.user(env) + " (" + reason
                    + "); is it running, does the database exist, are PGUSER and PGPASSWORD right?");
        }
    }
}

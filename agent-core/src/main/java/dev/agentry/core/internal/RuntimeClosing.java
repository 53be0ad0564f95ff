package dev.agentry.core.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How a runtime closes: stop taking events, let turns finish within the drain timeout, stop, close resources. */
public final class RuntimeClosing {
    private static final Logger log = LoggerFactory.getLogger(RuntimeClosing.class);

    private RuntimeClosing() {}

    /**
     * Stops the hosts taking events, waits up to the drain timeout for queued and running turns
     * (only if the hosts were started), then stops them.
     *
     * @param hosts the agents' hosts
     * @param drainTimeout how long turns may take to finish
     * @param started whether the hosts were started
     */
    public static void drainThenStop(Collection<AgentHost> hosts, Duration drainTimeout, boolean started) {
        hosts.forEach(AgentHost::stopAccepting);
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (started && System.nanoTime() < deadline && !hosts.stream().allMatch(AgentHost::idle)) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        hosts.forEach(AgentHost::stop);
    }

    /**
     * Closes plugin resources, logging (not throwing) the failures.
     *
     * @param resources the resources, in the order they were registered
     */
    public static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("closing plugin resource {} failed: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
    }
}

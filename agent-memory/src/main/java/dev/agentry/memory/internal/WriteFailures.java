package dev.agentry.memory.internal;

import dev.agentry.memory.MemoryStoreException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background memory writes that failed and were not reported yet, by agent: each is logged when it
 * happens and reported once, to the agent's next flush or completion ({@link MemoryWriter}).
 * Thread-safe.
 */
final class WriteFailures {
    private static final Logger LOG = LoggerFactory.getLogger(WriteFailures.class);
    private final Map<String, RuntimeException> byAgent = new HashMap<>();

    /** Logs a failed write of these agents' memories ({@code what} says what failed) and keeps it for their next report. */
    synchronized void record(Collection<String> agents, String what, RuntimeException e) {
        LOG.warn("{} of agent(s) {} failed: {}", what, agents, e.toString());
        agents.forEach(a -> byAgent.putIfAbsent(a, e));
    }

    /** The agent's failure not reported yet, now reported (null if none). */
    synchronized RuntimeException take(String agentId) {
        return byAgent.remove(agentId);
    }

    /** Throws the agent's failure not reported yet, if any. */
    void throwIfAny(String agentId) {
        RuntimeException failure = take(agentId);
        if (failure != null) {
            throw failed(agentId, failure);
        }
    }

    /** Throws one failure not reported yet, if any, and forgets the others (they were logged). */
    synchronized void throwFirstAndClear() {
        if (!byAgent.isEmpty()) {
            var first = byAgent.entrySet().iterator().next();
            byAgent.clear();
            throw failed(first.getKey(), first.getValue());
        }
    }

    /** The exception that reports an agent's failed write. */
    static MemoryStoreException failed(String agentId, RuntimeException cause) {
        return new MemoryStoreException("memories of agent " + agentId + " could not be stored: " + cause.getMessage(), cause);
    }
}

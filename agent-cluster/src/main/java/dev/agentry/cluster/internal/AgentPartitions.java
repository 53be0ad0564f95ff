package dev.agentry.cluster.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Utils;

/**
 * Which partition of the topic an agent lives on: Kafka's own choice for a record keyed by the agent
 * id (murmur2 of the UTF-8 key), so records written by any Kafka producer with the agent id as key
 * land where the owner looks. Immutable.
 */
public final class AgentPartitions {
    private final int partitions;
    private final Map<Integer, List<String>> agents = new TreeMap<>();

    /** Maps the known agents onto a topic of {@code partitions} partitions. */
    public AgentPartitions(Collection<String> agentIds, int partitions) {
        this.partitions = partitions;
        for (String id : agentIds) {
            agents.computeIfAbsent(of(id, partitions), p -> new ArrayList<>()).add(id);
        }
    }

    /** The partition of an agent. */
    public static int of(String agentId, int partitions) {
        return Utils.toPositive(Utils.murmur2(agentId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The partition count. */
    public int count() {
        return partitions;
    }

    /** The known agents that live on these partitions. */
    public List<String> agentsOn(Collection<Integer> owned) {
        List<String> out = new ArrayList<>();
        owned.forEach(p -> out.addAll(agents.getOrDefault(p, List.of())));
        return out;
    }
}

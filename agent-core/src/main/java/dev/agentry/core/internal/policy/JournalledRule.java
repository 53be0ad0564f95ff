package dev.agentry.core.internal.policy;

import dev.agentry.core.EffectRecord;
import dev.agentry.core.PolicyRule;
import java.time.Duration;
import java.util.List;

/**
 * A rule whose counts are rebuilt from the journal when an agent is first seen, so its windows
 * survive a restart.
 */
public interface JournalledRule extends PolicyRule {

    /**
     * Returns how far back the rule looks.
     *
     * @return its longest window, zero when it counts nothing
     */
    Duration window();

    /**
     * Counts an agent's journalled effects, oldest first, before any call of that agent is checked.
     *
     * @param agentId the agent
     * @param records its effect records within {@link #window()}
     */
    void restore(String agentId, List<EffectRecord> records);
}

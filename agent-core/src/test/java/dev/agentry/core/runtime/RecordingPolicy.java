package dev.agentry.core.runtime;

import dev.agentry.core.Policy;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.Spend;
import dev.agentry.core.Tool;
import dev.agentry.core.Trust;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A policy for pipeline tests: offers and decides as told, and records every question and report. */
final class RecordingPolicy implements Policy {
    final List<PolicyRequest> decided = new CopyOnWriteArrayList<>();
    final List<List<Spend>> completed = new CopyOnWriteArrayList<>();
    private final boolean offers;
    private final Function<PolicyRequest, PolicyDecision> decide;

    private RecordingPolicy(boolean offers, Function<PolicyRequest, PolicyDecision> decide) {
        this.offers = offers;
        this.decide = decide;
    }

    /** Offers every tool and allows every call. */
    static RecordingPolicy allowingAll() {
        return new RecordingPolicy(true, r -> PolicyDecision.allow());
    }

    /** Offers every tool and decides with the function. */
    static RecordingPolicy deciding(Function<PolicyRequest, PolicyDecision> decide) {
        return new RecordingPolicy(true, decide);
    }

    /** Offers no tool; asked anyway, decides with the function. */
    static RecordingPolicy offeringNothing(Function<PolicyRequest, PolicyDecision> decide) {
        return new RecordingPolicy(false, decide);
    }

    @Override
    public boolean offers(String agentId, Tool tool, Trust trust) {
        return offers;
    }

    @Override
    public PolicyDecision decide(PolicyRequest request) {
        decided.add(request);
        return decide.apply(request);
    }

    @Override
    public void completed(PolicyRequest request, List<Spend> counted) {
        completed.add(List.copyOf(counted));
    }
}

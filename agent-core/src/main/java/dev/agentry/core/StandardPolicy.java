package dev.agentry.core;

import dev.agentry.core.internal.policy.JournalledRule;
import dev.agentry.core.internal.policy.RuleSettings;
import dev.agentry.core.internal.policy.SpendCap;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in {@link Policy}: a fixed sequence of {@link PolicyRule rules}, one per concern, plus
 * any rules of the application's own. Rules run in this order; the first denial decides, and a
 * hold for approval stands only if no later rule denies:
 *
 * <ol>
 *   <li>{@code deny-list}: tools forbidden by name ({@link Builder#denyTools});
 *   <li>{@code allow-list}: when tools are listed, only those ({@link Builder#allowTools});
 *   <li>{@code trust}: the author's trust per effect and per tool ({@link Builder#minimumTrust},
 *       {@link Builder#fundsForUntrusted}, {@link Builder#postForUntrusted}); {@link Effect#SIGN}
 *       tools never reach untrusted authors;
 *   <li>{@code signing}: SIGN calls need the operator's {@link SigningGrant}; default deny;
 *   <li>{@code rate-limit}: calls per tool over a rolling window ({@link Builder#rateLimit});
 *   <li>{@code recipient-allowlist}: every recipient of value or control is listed ({@link Builder#recipientAllowlist});
 *   <li>{@code spend-cap}: spends per asset over a rolling window, fees included
 *       ({@link Builder#spendCap}); fail-closed: an asset without a cap cannot be spent, and a
 *       FUNDS call must declare its spends;
 *   <li>{@code recipient-cap}: what one recipient receives per asset over a window ({@link Builder#recipientCap});
 *   <li>the application's rules, in the order added ({@link Builder#rule});
 *   <li>{@code approval}: holds calls of listed tools and calls above per-asset thresholds for a
 *       human ({@link Builder#approvalFor}, {@link Builder#approvalAbove}).
 * </ol>
 * {@link PolicyDecision#rule()} names the rule that decided ({@code "default"} when all agreed).
 * A tool is offered to the model only when every rule {@link PolicyRule#offers offers} it.
 *
 * <p>Spends are reserved when a call is admitted and replaced by what it really counted on
 * {@link #completed}. Given a journal ({@link Builder#journal(Journal)}), spend and rate-limit windows
 * of journalled tools are rebuilt from its effect records when an agent is first seen, so caps and
 * limits hold across restarts.
 *
 * <p>Thread-safe: calls of one agent are decided one at a time; agents run in parallel.
 */
public final class StandardPolicy implements Policy {
    private static final Logger LOG = LoggerFactory.getLogger(StandardPolicy.class);

    private final List<PolicyRule> rules;
    private final SpendCap spendCap;
    private final Optional<Journal> journal;
    private final Clock clock;
    private final Map<String, ReentrantLock> agents = new ConcurrentHashMap<>();

    private StandardPolicy(List<PolicyRule> rules, Optional<Journal> journal, Clock clock) {
        this.rules = rules;
        this.spendCap = rules.stream().filter(SpendCap.class::isInstance).map(SpendCap.class::cast).findFirst().orElseThrow();
        this.journal = journal;
        this.clock = clock;
    }

    /**
     * Starts a builder. With no settings the policy allows READ and POST tools for everyone, FUNDS
     * tools for trusted authors only, denies every spend (no caps configured) and every signature
     * (no signing grant).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Names the rules in the order they run.
     *
     * @return the rule names
     */
    public List<String> rules() {
        return rules.stream().map(PolicyRule::name).toList();
    }

    @Override
    public boolean offers(String agentId, Tool tool, Trust trust) {
        for (PolicyRule rule : rules) {
            try {
                if (!rule.offers(agentId, tool, trust)) {
                    return false;
                }
            } catch (RuntimeException e) {
                LOG.warn("policy rule '{}' failed deciding whether to offer tool '{}'; not offering it: {}", rule.name(), tool.name(), e.toString());
                return false;
            }
        }
        return true;
    }

    @Override
    public PolicyDecision decide(PolicyRequest request) {
        return locked(request.agentId(), () -> {
            PolicyDecision held = null;
            for (PolicyRule rule : rules) {
                PolicyDecision decision = check(rule, request);
                if (decision.verdict() == PolicyDecision.Verdict.DENY) {
                    return decision;
                }
                if (decision.verdict() == PolicyDecision.Verdict.NEEDS_APPROVAL && held == null) {
                    held = decision;
                }
            }
            rules.forEach(rule -> report(rule, "admitted", () -> rule.admitted(request)));
            return held != null ? held : PolicyDecision.allow();
        });
    }

    /** Replaces the call's reservation with {@code counted} in every rule; empty releases it. */
    @Override
    public void completed(PolicyRequest request, List<Spend> counted) {
        List<Spend> copy = List.copyOf(counted);
        locked(request.agentId(), () -> {
            rules.forEach(rule -> report(rule, "completed", () -> rule.completed(request, copy)));
            return null;
        });
    }

    /** Reports the spend caps ({@code spend-cap}); recipient caps count per recipient and are not reported. */
    @Override
    public List<CapUsage> usage(String agentId) {
        return locked(agentId, () -> spendCap.usage(agentId, clock.instant()));
    }

    /**
     * Returns how much of an asset an agent has spent (or reserved) within the asset's cap window.
     *
     * @param agentId the agent
     * @param asset the asset key
     * @return the amount, zero if none or no cap
     */
    public BigDecimal spentWithinWindow(String agentId, String asset) {
        return locked(agentId, () -> spendCap.spent(agentId, asset, clock.instant()));
    }

    /** A rule's bookkeeping failing must not leave the other rules' bookkeeping half done. */
    private static void report(PolicyRule rule, String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("policy rule '{}' failed when told a call was {}: {}", rule.name(), what, e.toString());
        }
    }

    private static PolicyDecision check(PolicyRule rule, PolicyRequest request) {
        PolicyDecision decision;
        try {
            decision = Objects.requireNonNull(rule.check(request), "decision");
        } catch (RuntimeException e) {
            LOG.warn("policy rule '{}' failed on tool '{}'; denying the call: {}", rule.name(), request.tool(), e.toString());
            return PolicyDecision.deny(rule.name(), "the rule failed (" + e.getClass().getSimpleName() + "); refusing the call");
        }
        return decision.rule().equals(rule.name()) ? decision : new PolicyDecision(decision.verdict(), rule.name(), decision.reason());
    }

    /** Runs under the agent's lock; the first time an agent is seen, its windows are rebuilt from the journal. */
    private <T> T locked(String agentId, Supplier<T> action) {
        ReentrantLock lock = agents.computeIfAbsent(agentId, id -> {
            journal.ifPresent(j -> restore(j, id));
            return new ReentrantLock();
        });
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private void restore(Journal journal, String agentId) {
        List<JournalledRule> journalled = rules.stream().filter(JournalledRule.class::isInstance).map(JournalledRule.class::cast).toList();
        Duration longest = journalled.stream().map(JournalledRule::window).max(Duration::compareTo).orElse(Duration.ZERO);
        if (longest.isZero()) {
            return;
        }
        Map<String, EffectRecord> byKey = new LinkedHashMap<>();
        journal.effectsSince(agentId, clock.instant().minus(longest)).forEach(r -> byKey.putIfAbsent(r.key(), r));
        List<EffectRecord> records = List.copyOf(byKey.values());
        journalled.forEach(rule -> rule.restore(agentId, records));
    }

    /**
     * Builds a {@link StandardPolicy}. Each setting may be given once (per tool, asset or rule name
     * where it is keyed); a repeat throws {@link IllegalStateException} naming the setting, and a
     * bad value throws {@link IllegalArgumentException} naming the value. Lists are given whole in
     * one call; an empty list means "no list" (every tool, every recipient). Not thread-safe.
     */
    public static final class Builder {
        private final RuleSettings settings = new RuleSettings();
        private Journal journal;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * Allows only these tools (by name); an empty list allows every tool not denied.
         *
         * @param tools tool names
         * @return this builder
         */
        public Builder allowTools(Collection<String> tools) {
            settings.allowTools(tools);
            return this;
        }

        /**
         * Denies these tools (by name), whatever else is configured.
         *
         * @param tools tool names
         * @return this builder
         */
        public Builder denyTools(Collection<String> tools) {
            settings.denyTools(tools);
            return this;
        }

        /**
         * Requires at least this trust for a tool, replacing its effect's default. A SIGN tool still
         * needs at least {@link Trust#TRUSTED}.
         *
         * @param tool tool name
         * @param trust minimum trust
         * @return this builder
         */
        public Builder minimumTrust(String tool, Trust trust) {
            settings.minimumTrust(tool, trust);
            return this;
        }

        /**
         * Lets FUNDS tools be offered and executed for untrusted events (caps still apply). Off by
         * default.
         *
         * @param allowed whether to allow it
         * @return this builder
         */
        public Builder fundsForUntrusted(boolean allowed) {
            settings.fundsForUntrusted(allowed);
            return this;
        }

        /**
         * Lets POST tools run for untrusted events. On by default (agents answer the public).
         *
         * @param allowed whether to allow it
         * @return this builder
         */
        public Builder postForUntrusted(boolean allowed) {
            settings.postForUntrusted(allowed);
            return this;
        }

        /**
         * Grants SIGN tools the right to sign what the grant lists, for trusted authors. Without it,
         * every signature is denied.
         *
         * @param grant the grant
         * @return this builder
         */
        public Builder signing(SigningGrant grant) {
            settings.signing(grant);
            return this;
        }

        /**
         * Limits calls of a tool per agent over a rolling window. Tool {@code "*"} applies to every
         * tool without its own limit.
         *
         * @param tool tool name or {@code "*"}
         * @param calls maximum calls in the window, at least 1
         * @param window the window, positive
         * @return this builder
         */
        public Builder rateLimit(String tool, int calls, Duration window) {
            settings.rateLimit(tool, calls, window);
            return this;
        }

        /**
         * Caps how much of an asset an agent may spend over a rolling window; all spends of the
         * asset count, fees included.
         *
         * @param asset asset key, as tools declare it (for example {@code "ETH"})
         * @param amount the cap in token units, zero or more
         * @param window the window, positive
         * @return this builder
         */
        public Builder spendCap(String asset, BigDecimal amount, Duration window) {
            settings.cap(asset, amount, window, false);
            return this;
        }

        /**
         * Caps how much of an asset one recipient may receive from an agent over a rolling window.
         *
         * @param asset asset key
         * @param amount the cap in token units, zero or more
         * @param window the window, positive
         * @return this builder
         */
        public Builder recipientCap(String asset, BigDecimal amount, Duration window) {
            settings.cap(asset, amount, window, true);
            return this;
        }

        /**
         * Restricts every recipient of value or control to these addresses or accounts
         * (case-insensitive). An empty list allows any recipient within the caps.
         *
         * @param recipients allowed recipients
         * @return this builder
         */
        public Builder recipientAllowlist(Collection<String> recipients) {
            settings.recipientAllowlist(recipients);
            return this;
        }

        /**
         * Holds a call for approval when its spends of an asset add up to more than an amount.
         *
         * @param asset asset key
         * @param amount threshold in token units, zero or more
         * @return this builder
         */
        public Builder approvalAbove(String asset, BigDecimal amount) {
            settings.approvalAbove(asset, amount);
            return this;
        }

        /**
         * Holds every call of a tool for approval (once per tool).
         *
         * @param tool tool name
         * @return this builder
         */
        public Builder approvalFor(String tool) {
            settings.approvalFor(tool);
            return this;
        }

        /**
         * Adds a rule of the application's own. It runs after the built-in rules that deny and
         * before {@code approval}, in the order added.
         *
         * @param rule the rule; its name must be unique and not a built-in rule's
         * @return this builder
         */
        public Builder rule(PolicyRule rule) {
            settings.rule(rule);
            return this;
        }

        /**
         * Rebuilds spend and rate-limit windows from this journal after a restart.
         *
         * @param journal the journal the runtime writes to
         * @return this builder
         */
        public Builder journal(Journal journal) {
            settings.once("journal");
            this.journal = Objects.requireNonNull(journal, "journal");
            return this;
        }

        /**
         * Sets the clock (for tests).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            settings.once("clock");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         * @throws IllegalStateException if a tool is both allowed and denied
         */
        public StandardPolicy build() {
            return new StandardPolicy(settings.rules(), Optional.ofNullable(journal), clock);
        }
    }
}

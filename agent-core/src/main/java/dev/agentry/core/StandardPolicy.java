package dev.agentry.core;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The built-in {@link Policy}: tool allow and deny lists, trust gates, rate limits per tool,
 * spend caps per asset over rolling windows, per-recipient caps, recipient allowlists and
 * approval thresholds.
 *
 * <p>Money is fail-closed: a FUNDS call that declares a spend in an asset without a configured
 * cap is denied. FUNDS tools are neither offered nor executed for {@link Trust#UNTRUSTED} events
 * unless {@link Builder#fundsForUntrusted(boolean)} says so.
 *
 * <p>Spends are reserved when a call is allowed and released if it fails. Given a journal
 * ({@link Builder#journal(Journal)}), spend windows and the rate-limit windows of journalled
 * (POST and FUNDS) tools are rebuilt from the journal's effect records after a restart, so caps
 * and limits hold across restarts. Rules are checked in this order and the first
 * that refuses decides: {@code deny-list}, {@code allow-list}, {@code trust}, {@code rate-limit},
 * {@code recipient-allowlist}, {@code spend-cap}, {@code recipient-cap}, {@code approval}.
 *
 * <p>Thread-safe.
 */
public final class StandardPolicy implements Policy {
    private final Set<String> allowTools;
    private final Set<String> denyTools;
    private final Map<String, Trust> minimumTrust;
    private final boolean fundsForUntrusted;
    private final boolean postForUntrusted;
    private final Map<String, Limit> rateLimits;
    private final Map<String, Cap> spendCaps;
    private final Map<String, Cap> recipientCaps;
    private final Set<String> recipientAllowlist;
    private final Map<String, BigDecimal> approvalAbove;
    private final Set<String> approvalTools;
    private final Optional<Journal> journal;
    private final Clock clock;
    private final Map<String, AgentState> agents = new ConcurrentHashMap<>();

    private StandardPolicy(Builder b) {
        this.allowTools = Set.copyOf(b.allowTools);
        this.denyTools = Set.copyOf(b.denyTools);
        this.minimumTrust = Map.copyOf(b.minimumTrust);
        this.fundsForUntrusted = b.fundsForUntrusted;
        this.postForUntrusted = b.postForUntrusted;
        this.rateLimits = Map.copyOf(b.rateLimits);
        this.spendCaps = Map.copyOf(b.spendCaps);
        this.recipientCaps = Map.copyOf(b.recipientCaps);
        this.recipientAllowlist = Set.copyOf(b.recipientAllowlist);
        this.approvalAbove = Map.copyOf(b.approvalAbove);
        this.approvalTools = Set.copyOf(b.approvalTools);
        this.journal = Optional.ofNullable(b.journal);
        this.clock = b.clock;
    }

    /**
     * Starts a builder. With no settings the policy allows READ and POST tools for everyone,
     * FUNDS tools for trusted events only, and denies every spend (no caps configured).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean offers(String agentId, Tool tool, Trust trust) {
        return structuralDenial(tool.name(), tool.effect(), trust).isEmpty();
    }

    @Override
    public PolicyDecision decide(PolicyRequest request) {
        Optional<PolicyDecision> denied = structuralDenial(request.tool(), request.effect(), request.trust());
        if (denied.isPresent()) {
            return denied.get();
        }
        if (request.effect() == Effect.FUNDS && request.spends().isEmpty()) {
            return PolicyDecision.deny("spend-cap", "FUNDS tool '" + request.tool() + "' declared no spend; refusing an unaccounted money movement");
        }
        AgentState state = state(request.agentId());
        synchronized (state) {
            Instant now = request.at();
            Limit limit = rateLimits.getOrDefault(request.tool(), rateLimits.get("*"));
            Deque<Instant> calls = null;
            if (limit != null) {
                calls = state.calls.computeIfAbsent(request.tool(), k -> new ArrayDeque<>());
                prune(calls, now.minus(limit.window()));
                if (calls.size() >= limit.calls()) {
                    return PolicyDecision.deny("rate-limit", "tool '" + request.tool() + "' is limited to " + limit.calls()
                            + " calls per " + human(limit.window()) + "; try again later");
                }
            }
            for (Spend spend : request.spends()) {
                if (!recipientAllowlist.isEmpty() && spend.recipient().isPresent()
                        && !recipientAllowlist.contains(normalise(spend.recipient().get()))) {
                    return PolicyDecision.deny("recipient-allowlist", "recipient " + spend.recipient().get() + " is not on the allowlist");
                }
            }
            Map<String, BigDecimal> perAsset = new LinkedHashMap<>();
            for (Spend spend : request.spends()) {
                perAsset.merge(asset(spend.asset()), spend.amount(), BigDecimal::add);
            }
            for (var entry : perAsset.entrySet()) {
                Cap cap = spendCaps.get(entry.getKey());
                if (cap == null) {
                    return PolicyDecision.deny("spend-cap", "no spend cap is configured for asset " + entry.getKey() + "; spending it is not allowed");
                }
                BigDecimal spent = state.spent(entry.getKey(), Optional.empty(), now.minus(cap.window()));
                if (spent.add(entry.getValue()).compareTo(cap.amount()) > 0) {
                    return PolicyDecision.deny("spend-cap", "spending " + entry.getValue().toPlainString() + " " + entry.getKey()
                            + " would exceed the cap of " + cap.amount().toPlainString() + " per " + human(cap.window())
                            + " (already spent " + spent.toPlainString() + ")");
                }
            }
            for (Spend spend : request.spends()) {
                String asset = asset(spend.asset());
                Cap cap = recipientCaps.get(asset);
                if (cap != null && spend.recipient().isPresent()) {
                    String recipient = normalise(spend.recipient().get());
                    BigDecimal spent = state.spent(asset, Optional.of(recipient), now.minus(cap.window()));
                    if (spent.add(spend.amount()).compareTo(cap.amount()) > 0) {
                        return PolicyDecision.deny("recipient-cap", "sending " + spend.amount().toPlainString() + " " + asset + " to "
                                + spend.recipient().get() + " would exceed the per-recipient cap of " + cap.amount().toPlainString()
                                + " per " + human(cap.window()) + " (already sent " + spent.toPlainString() + ")");
                    }
                }
            }
            boolean approval = approvalTools.contains(request.tool());
            for (Spend spend : request.spends()) {
                BigDecimal threshold = approvalAbove.get(asset(spend.asset()));
                if (threshold != null && spend.amount().compareTo(threshold) > 0) {
                    approval = true;
                }
            }
            if (calls != null) {
                calls.addLast(now);
            }
            for (Spend spend : request.spends()) {
                state.reserve(request.idempotencyKey(), asset(spend.asset()), spend.recipient().map(StandardPolicy::normalise), spend.amount(), now);
            }
            if (approval) {
                return PolicyDecision.needsApproval("approval", "tool '" + request.tool() + "' needs a human's approval for this call");
            }
            return PolicyDecision.allow();
        }
    }

    @Override
    public void completed(PolicyRequest request, List<Spend> counted) {
        AgentState state = state(request.agentId());
        synchronized (state) {
            Instant at = state.release(request.idempotencyKey()).orElse(request.at());
            for (Spend spend : counted) {
                state.reserve(request.idempotencyKey(), asset(spend.asset()), spend.recipient().map(StandardPolicy::normalise), spend.amount(), at);
            }
        }
    }

    /**
     * Returns how much of an asset an agent has spent (or reserved) within the asset's cap window.
     *
     * @param agentId the agent
     * @param asset the asset key
     * @return the amount, zero if none or no cap
     */
    public BigDecimal spentWithinWindow(String agentId, String asset) {
        Cap cap = spendCaps.get(asset(asset));
        if (cap == null) {
            return BigDecimal.ZERO;
        }
        AgentState state = state(agentId);
        synchronized (state) {
            return state.spent(asset(asset), Optional.empty(), clock.instant().minus(cap.window()));
        }
    }

    private Optional<PolicyDecision> structuralDenial(String tool, Effect effect, Trust trust) {
        if (denyTools.contains(tool)) {
            return Optional.of(PolicyDecision.deny("deny-list", "tool '" + tool + "' is on the deny list"));
        }
        if (!allowTools.isEmpty() && !allowTools.contains(tool)) {
            return Optional.of(PolicyDecision.deny("allow-list", "tool '" + tool + "' is not on the allow list"));
        }
        Trust required = minimumTrust.get(tool);
        if (required == null) {
            required = switch (effect) {
                case READ -> Trust.UNTRUSTED;
                case POST -> postForUntrusted ? Trust.UNTRUSTED : Trust.TRUSTED;
                case FUNDS -> fundsForUntrusted ? Trust.UNTRUSTED : Trust.TRUSTED;
                case SIGN -> Trust.TRUSTED;
            };
        }
        if (!trust.atLeast(required)) {
            return Optional.of(PolicyDecision.deny("trust", "tool '" + tool + "' (" + effect + ") needs an author trusted at least "
                    + required + "; this event's author is " + trust));
        }
        return Optional.empty();
    }

    private AgentState state(String agentId) {
        return agents.computeIfAbsent(agentId, id -> {
            AgentState state = new AgentState();
            journal.ifPresent(j -> state.restore(j.effectsSince(id, clock.instant().minus(longestWindow()))));
            return state;
        });
    }

    private Duration longestWindow() {
        Duration longest = Duration.ZERO;
        for (Cap cap : spendCaps.values()) {
            longest = cap.window().compareTo(longest) > 0 ? cap.window() : longest;
        }
        for (Cap cap : recipientCaps.values()) {
            longest = cap.window().compareTo(longest) > 0 ? cap.window() : longest;
        }
        for (Limit limit : rateLimits.values()) {
            longest = limit.window().compareTo(longest) > 0 ? limit.window() : longest;
        }
        return longest;
    }

    private static void prune(Deque<Instant> calls, Instant horizon) {
        while (!calls.isEmpty() && calls.peekFirst().isBefore(horizon)) {
            calls.removeFirst();
        }
    }

    private static String asset(String asset) {
        return asset.startsWith("0x") ? asset.toLowerCase(Locale.ROOT) : asset;
    }

    private static String normalise(String recipient) {
        return recipient.strip().toLowerCase(Locale.ROOT);
    }

    private static String human(Duration d) {
        if (d.toDaysPart() > 0 && d.toHoursPart() == 0 && d.toMinutesPart() == 0) {
            return d.toDays() == 1 ? "day" : d.toDays() + " days";
        }
        if (d.toHours() > 0 && d.toMinutesPart() == 0 && d.toSecondsPart() == 0) {
            return d.toHours() == 1 ? "hour" : d.toHours() + " hours";
        }
        if (d.toMinutes() > 0 && d.toSecondsPart() == 0) {
            return d.toMinutes() == 1 ? "minute" : d.toMinutes() + " minutes";
        }
        return d.toSeconds() + " seconds";
    }

    private record Limit(int calls, Duration window) {}

    private record Cap(BigDecimal amount, Duration window) {}

    private record Reservation(String key, String asset, Optional<String> recipient, BigDecimal amount, Instant at) {}

    private static final class AgentState {
        final Map<String, Deque<Instant>> calls = new HashMap<>();
        final List<Reservation> spends = new ArrayList<>();

        BigDecimal spent(String asset, Optional<String> recipient, Instant horizon) {
            BigDecimal sum = BigDecimal.ZERO;
            for (Iterator<Reservation> it = spends.iterator(); it.hasNext(); ) {
                Reservation r = it.next();
                if (r.at().isBefore(horizon.minus(Duration.ofDays(31)))) {
                    it.remove();
                    continue;
                }
                if (!r.at().isBefore(horizon) && r.asset().equals(asset) && (recipient.isEmpty() || recipient.equals(r.recipient()))) {
                    sum = sum.add(r.amount());
                }
            }
            return sum;
        }

        void reserve(String key, String asset, Optional<String> recipient, BigDecimal amount, Instant at) {
            spends.add(new Reservation(key, asset, recipient, amount, at));
        }

        Optional<Instant> release(String key) {
            Optional<Instant> at = spends.stream().filter(r -> r.key().equals(key)).map(Reservation::at).findFirst();
            spends.removeIf(r -> r.key().equals(key));
            return at;
        }

        void restore(List<EffectRecord> records) {
            Set<String> keys = new HashSet<>();
            for (EffectRecord record : records) {
                if (!keys.add(record.key())) {
                    continue;
                }
                calls.computeIfAbsent(record.tool(), k -> new ArrayDeque<>()).addLast(record.updatedAt());
                if (record.status() == EffectRecord.Status.FAILED) {
                    continue;
                }
                for (Spend spend : record.spends()) {
                    spends.add(new Reservation(record.key(), asset(spend.asset()), spend.recipient().map(StandardPolicy::normalise),
                            spend.amount(), record.updatedAt()));
                }
            }
        }
    }

    /**
     * Builds a {@link StandardPolicy}. Fails fast on bad or repeated settings. Not thread-safe.
     */
    public static final class Builder {
        private final Set<String> allowTools = new HashSet<>();
        private final Set<String> denyTools = new HashSet<>();
        private final Map<String, Trust> minimumTrust = new HashMap<>();
        private boolean fundsForUntrusted;
        private boolean postForUntrusted = true;
        private final Map<String, Limit> rateLimits = new HashMap<>();
        private final Map<String, Cap> spendCaps = new HashMap<>();
        private final Map<String, Cap> recipientCaps = new HashMap<>();
        private final Set<String> recipientAllowlist = new HashSet<>();
        private final Map<String, BigDecimal> approvalAbove = new HashMap<>();
        private final Set<String> approvalTools = new HashSet<>();
        private Journal journal;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * Allows only these tools (by name). Without it, every tool not denied is allowed.
         *
         * @param tools tool names
         * @return this builder
         */
        public Builder allowTools(Collection<String> tools) {
            allowTools.addAll(tools);
            return this;
        }

        /**
         * Denies these tools (by name), whatever else is configured.
         *
         * @param tools tool names
         * @return this builder
         */
        public Builder denyTools(Collection<String> tools) {
            denyTools.addAll(tools);
            return this;
        }

        /**
         * Requires at least this trust for a tool, overriding the effect-based default.
         *
         * @param tool tool name
         * @param trust minimum trust
         * @return this builder
         */
        public Builder minimumTrust(String tool, Trust trust) {
            if (minimumTrust.put(tool, Objects.requireNonNull(trust, "trust")) != null) {
                throw new IllegalStateException("minimum trust for tool '" + tool + "' was already set");
            }
            return this;
        }

        /**
         * Lets FUNDS tools be offered and executed for untrusted events (caps still apply).
         * Off by default.
         *
         * @param allowed whether to allow it
         * @return this builder
         */
        public Builder fundsForUntrusted(boolean allowed) {
            this.fundsForUntrusted = allowed;
            return this;
        }

        /**
         * Lets POST tools run for untrusted events. On by default (agents answer the public).
         *
         * @param allowed whether to allow it
         * @return this builder
         */
        public Builder postForUntrusted(boolean allowed) {
            this.postForUntrusted = allowed;
            return this;
        }

        /**
         * Limits calls of a tool per agent over a rolling window. Tool {@code "*"} applies to every
         * tool without its own limit.
         *
         * @param tool tool name or {@code "*"}
         * @param calls maximum calls in the window, at least 1
         * @param window the window
         * @return this builder
         */
        public Builder rateLimit(String tool, int calls, Duration window) {
            if (calls < 1) {
                throw new IllegalArgumentException("rate limit for '" + tool + "' must allow at least 1 call, was " + calls);
            }
            requirePositive(window, "rate limit window for '" + tool + "'");
            if (rateLimits.put(tool, new Limit(calls, window)) != null) {
                throw new IllegalStateException("rate limit for tool '" + tool + "' was already set");
            }
            return this;
        }

        /**
         * Caps how much of an asset an agent may spend over a rolling window.
         *
         * @param asset asset key, as tools declare it (for example {@code "ETH"})
         * @param amount the cap in token units, zero or more
         * @param window the window
         * @return this builder
         */
        public Builder spendCap(String asset, BigDecimal amount, Duration window) {
            putCap(spendCaps, asset, amount, window, "spend cap");
            return this;
        }

        /**
         * Caps how much of an asset one recipient may receive from an agent over a rolling window.
         *
         * @param asset asset key
         * @param amount the cap in token units
         * @param window the window
         * @return this builder
         */
        public Builder recipientCap(String asset, BigDecimal amount, Duration window) {
            putCap(recipientCaps, asset, amount, window, "recipient cap");
            return this;
        }

        /**
         * Restricts FUNDS recipients to these addresses or accounts (case-insensitive). Without it,
         * any recipient is allowed within the caps.
         *
         * @param recipients allowed recipients
         * @return this builder
         */
        public Builder recipientAllowlist(Collection<String> recipients) {
            recipients.forEach(r -> recipientAllowlist.add(normalise(r)));
            return this;
        }

        /**
         * Holds single spends of an asset above an amount for approval.
         *
         * @param asset asset key
         * @param amount threshold in token units
         * @return this builder
         */
        public Builder approvalAbove(String asset, BigDecimal amount) {
            if (amount.signum() < 0) {
                throw new IllegalArgumentException("approval threshold for " + asset + " must not be negative");
            }
            if (approvalAbove.put(asset(asset), amount) != null) {
                throw new IllegalStateException("approval threshold for asset " + asset + " was already set");
            }
            return this;
        }

        /**
         * Holds every call of a tool for approval.
         *
         * @param tool tool name
         * @return this builder
         */
        public Builder approvalFor(String tool) {
            approvalTools.add(tool);
            return this;
        }

        /**
         * Rebuilds spend windows from this journal after a restart.
         *
         * @param journal the journal the runtime writes to
         * @return this builder
         */
        public Builder journal(Journal journal) {
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
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         */
        public StandardPolicy build() {
            Set<String> both = new HashSet<>(allowTools);
            both.retainAll(denyTools);
            if (!both.isEmpty()) {
                throw new IllegalStateException("tools both allowed and denied: " + both);
            }
            return new StandardPolicy(this);
        }

        private static void putCap(Map<String, Cap> caps, String asset, BigDecimal amount, Duration window, String what) {
            if (asset == null || asset.isBlank()) {
                throw new IllegalArgumentException(what + " needs an asset");
            }
            if (amount.signum() < 0) {
                throw new IllegalArgumentException(what + " for " + asset + " must not be negative, was " + amount.toPlainString());
            }
            requirePositive(window, what + " window for " + asset);
            if (caps.put(asset(asset), new Cap(amount, window)) != null) {
                throw new IllegalStateException(what + " for asset " + asset + " was already set");
            }
        }

        private static void requirePositive(Duration window, String what) {
            if (window == null || window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException(what + " must be positive, was " + window);
            }
        }
    }
}

package dev.agentry.core.internal.policy;

import dev.agentry.core.PolicyRule;
import dev.agentry.core.SigningGrant;
import dev.agentry.core.Trust;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The settings behind {@code StandardPolicy.Builder}: checks each one as it is given (once per
 * setting, or per tool, asset or rule name where keyed; values named in every complaint) and builds
 * the rules in their documented order.
 *
 * <p>Not thread-safe.
 */
public final class RuleSettings {
    /** Names a custom rule may not take. */
    public static final Set<String> BUILT_IN = Set.of(ToolList.DENY, ToolList.ALLOW, TrustGate.NAME, SigningRule.NAME,
            RateLimit.NAME, RecipientAllowlist.NAME, SpendCap.NAME, RecipientCap.NAME, ApprovalRule.NAME, "default");

    private final Set<String> given = new HashSet<>();
    private Set<String> allowTools = Set.of();
    private Set<String> denyTools = Set.of();
    private final Map<String, Trust> minimumTrust = new HashMap<>();
    private boolean fundsForUntrusted;
    private boolean postForUntrusted = true;
    private Optional<SigningGrant> signing = Optional.empty();
    private final Map<String, Limit> rateLimits = new HashMap<>();
    private final Map<String, Cap> spendCaps = new HashMap<>();
    private final Map<String, Cap> recipientCaps = new HashMap<>();
    private Set<String> recipientAllowlist = Set.of();
    private final Map<String, BigDecimal> approvalAbove = new HashMap<>();
    private final Set<String> approvalTools = new HashSet<>();
    private final Map<String, PolicyRule> custom = new LinkedHashMap<>();

    /** Starts with the defaults: POST open to untrusted authors, everything else closed. */
    public RuleSettings() {}

    /**
     * Records that a setting was given.
     *
     * @param setting the setting's name (with its key where keyed)
     * @throws IllegalStateException if it was given before
     */
    public void once(String setting) {
        if (!given.add(setting)) {
            throw new IllegalStateException(setting + " was already set");
        }
    }

    /**
     * Sets the allowed tools.
     *
     * @param tools the allowed tool names; empty for all
     */
    public void allowTools(Collection<String> tools) {
        once("allowTools");
        allowTools = names(tools, "allowTools");
    }

    /**
     * Sets the denied tools.
     *
     * @param tools the denied tool names
     */
    public void denyTools(Collection<String> tools) {
        once("denyTools");
        denyTools = names(tools, "denyTools");
    }

    /**
     * Sets a tool's least trust.
     *
     * @param tool the tool
     * @param trust the least trust it needs
     */
    public void minimumTrust(String tool, Trust trust) {
        once("minimum trust for tool '" + name(tool, "minimumTrust") + "'");
        minimumTrust.put(tool, Objects.requireNonNull(trust, "trust"));
    }

    /**
     * Opens FUNDS tools to untrusted authors or not.
     *
     * @param allowed whether FUNDS tools are open to untrusted authors
     */
    public void fundsForUntrusted(boolean allowed) {
        once("fundsForUntrusted");
        fundsForUntrusted = allowed;
    }

    /**
     * Opens POST tools to untrusted authors or not.
     *
     * @param allowed whether POST tools are open to untrusted authors
     */
    public void postForUntrusted(boolean allowed) {
        once("postForUntrusted");
        postForUntrusted = allowed;
    }

    /**
     * Sets the signing grant.
     *
     * @param grant the signing grant
     */
    public void signing(SigningGrant grant) {
        once("signing");
        signing = Optional.of(Objects.requireNonNull(grant, "grant"));
    }

    /**
     * Sets a tool's rate limit.
     *
     * @param tool the tool, or {@code "*"}
     * @param calls the most calls per window
     * @param window the window
     */
    public void rateLimit(String tool, int calls, Duration window) {
        name(tool, "rateLimit");
        if (calls < 1) {
            throw new IllegalArgumentException("rate limit for '" + tool + "' must allow at least 1 call, was " + calls);
        }
        requirePositive(window, "rate limit window for '" + tool + "'");
        once("rate limit for tool '" + tool + "'");
        rateLimits.put(tool, new Limit(calls, window));
    }

    /**
     * Sets an asset's spend cap or per-recipient cap.
     *
     * @param asset the asset
     * @param amount the cap
     * @param window the window
     * @param perRecipient whether the cap is per recipient
     */
    public void cap(String asset, BigDecimal amount, Duration window, boolean perRecipient) {
        String what = perRecipient ? "recipient cap" : "spend cap";
        name(asset, what + " asset");
        if (amount.signum() < 0) {
            throw new IllegalArgumentException(what + " for " + asset + " must not be negative, was " + amount.toPlainString());
        }
        requirePositive(window, what + " window for " + asset);
        once(what + " for asset " + PolicyFormats.asset(asset));
        (perRecipient ? recipientCaps : spendCaps).put(PolicyFormats.asset(asset), new Cap(amount, window));
    }

    /**
     * Sets the recipient allowlist.
     *
     * @param recipients the allowed recipients; empty for any
     */
    public void recipientAllowlist(Collection<String> recipients) {
        once("recipientAllowlist");
        recipientAllowlist = names(recipients, "recipientAllowlist").stream().map(PolicyFormats::recipient).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Sets an asset's approval threshold.
     *
     * @param asset the asset
     * @param amount the threshold
     */
    public void approvalAbove(String asset, BigDecimal amount) {
        name(asset, "approvalAbove asset");
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("approval threshold for " + asset + " must not be negative, was " + amount.toPlainString());
        }
        once("approval threshold for asset " + PolicyFormats.asset(asset));
        approvalAbove.put(PolicyFormats.asset(asset), amount);
    }

    /**
     * Holds every call of a tool for approval.
     *
     * @param tool a tool whose every call needs approval
     */
    public void approvalFor(String tool) {
        once("approvalFor tool '" + name(tool, "approvalFor") + "'");
        approvalTools.add(tool);
    }

    /**
     * Adds a rule of the application's own.
     *
     * @param rule a rule of the application's own
     */
    public void rule(PolicyRule rule) {
        String ruleName = name(Objects.requireNonNull(rule, "rule").name(), "rule name");
        if (BUILT_IN.contains(ruleName)) {
            throw new IllegalArgumentException("rule name '" + ruleName + "' is taken by a built-in rule");
        }
        once("rule '" + ruleName + "'");
        custom.put(ruleName, rule);
    }

    /**
     * Builds the rules in their documented order.
     *
     * @return the rules
     * @throws IllegalStateException if a tool is both allowed and denied
     */
    public List<PolicyRule> rules() {
        Set<String> both = new HashSet<>(allowTools);
        both.retainAll(denyTools);
        if (!both.isEmpty()) {
            throw new IllegalStateException("tools both allowed and denied: " + both.stream().sorted().toList());
        }
        List<PolicyRule> rules = new ArrayList<>(List.of(ToolList.deny(denyTools), ToolList.allow(allowTools),
                new TrustGate(minimumTrust, fundsForUntrusted, postForUntrusted), new SigningRule(signing), new RateLimit(rateLimits),
                new RecipientAllowlist(recipientAllowlist), new SpendCap(spendCaps), new RecipientCap(recipientCaps)));
        rules.addAll(custom.values());
        rules.add(new ApprovalRule(approvalTools, approvalAbove));
        return List.copyOf(rules);
    }

    private static Set<String> names(Collection<String> values, String setting) {
        values.forEach(value -> name(value, setting));
        return Set.copyOf(values);
    }

    private static String name(String value, String setting) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(setting + ": an entry must not be blank, was " + (value == null ? "null" : "\"" + value + "\""));
        }
        return value;
    }

    private static void requirePositive(Duration window, String what) {
        if (window == null || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, was " + window);
        }
    }
}

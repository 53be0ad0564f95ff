package dev.agentry.tools.chain;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.agentry.core.ConfigSection;
import dev.agentry.core.Effect;
import dev.agentry.core.Event;
import dev.agentry.core.PolicyRule;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolException;
import dev.agentry.core.Trust;
import dev.agentry.tools.chain.internal.Holdings;
import dev.agentry.tools.chain.internal.SignInMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token-gated trust: feed users who hold enough of a token (or any NFT of a collection) earn a
 * {@link Trust} level, once they have proved they own the address that holds it.
 *
 * <p><b>Linking.</b> A user asks for a one-time challenge for an address ({@link #challenge}, the
 * {@code link_wallet_challenge} tool, or the {@code link 0x…} command of {@link #linkCommand}); it
 * is an EIP-4361 "Sign-In with Ethereum" message naming the address, the chain, a fresh nonce and
 * an expiry. The user signs it in their wallet ({@code personal_sign}) and returns the signature
 * ({@link #link}, {@code link_wallet}, or {@code link 0x<signature>}); the signer is recovered with
 * web3j's {@code Sign} and must be the address named. A challenge is used once, whether the
 * signature is good or not, and the identity is always the event's own author: the model cannot
 * link anyone else.
 *
 * <p><b>Trust.</b> {@link #trustOf} reads the linked address's balances for every
 * {@link HoldingRule} (cached for {@link Builder#cacheTtl}, Caffeine) and returns the highest level
 * earned, or {@link Trust#UNTRUSTED}. {@link #resolve} raises an event's trust accordingly and marks
 * it with {@link #HOLDER_ADDRESS}; {@link #fundsRule()}, added to the policy, reads the balances
 * again, uncached, before every {@link Effect#FUNDS} or {@link Effect#SIGN} call of such an event
 * and denies the call if the holdings no longer earn the event's trust.
 *
 * <p><b>Where it hooks in.</b> When an event is accepted, before its turn, the runtime (or the
 * application) calls {@code gate.linkCommand(event)} (a reply to send, no turn), else drops the
 * event if {@link Builder#holdersOnly} and {@code !gate.admits(event)}, else submits
 * {@code gate.resolve(event)}; and the policy gets {@code .rule(gate.fundsRule())}.
 *
 * <pre>{@code
 * "holders": {
 *   "domain": "tipbot.example",
 *   "rules": [{"token": "0x…", "atLeast": "1000", "trust": "TRUSTED"}, {"nft": "0x…", "trust": "TRUSTED"}],
 *   "cacheSeconds": 60, "challengeSeconds": 600,
 *   "holdersOnly": true
 * }
 * }</pre>
 *
 * <p>Links are kept in memory (users link again after a restart). Thread-safe.
 */
public final class HolderGate {
    /** Event attribute set by {@link #resolve}: the linked address whose holdings raised the event's trust. */
    public static final String HOLDER_ADDRESS = "agentry.holder.address";

    private final ChainToolkit chain;
    private final List<HoldingRule> rules;
    private final String domain;
    private final String agentName;
    private final Duration challengeTtl;
    private final boolean holdersOnly;
    private final Clock clock;
    private final Holdings holdings;
    private final Cache<String, SignInMessage> pending;
    private final Map<String, String> links = new ConcurrentHashMap<>();

    private HolderGate(Builder b) {
        this.chain = b.chain;
        this.rules = List.copyOf(b.rules);
        this.domain = b.domain;
        this.agentName = b.agentName;
        this.challengeTtl = b.challengeTtl;
        this.holdersOnly = b.holdersOnly;
        this.clock = b.clock;
        this.holdings = new Holdings(chain.rpc(), b.cacheTtl);
        this.pending = Caffeine.newBuilder().expireAfterWrite(b.challengeTtl).maximumSize(100_000).build();
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a gate from a {@code holders} configuration section (see the class documentation).
     *
     * @param s the section
     * @param chain the toolkit whose node holdings are read on
     * @param agentName the agent's name, shown in the challenge
     * @return the gate
     * @throws dev.agentry.core.ConfigException naming the bad key
     */
    public static HolderGate fromConfig(ConfigSection s, ChainToolkit chain, String agentName) {
        return HolderConfig.parse(s, builder().chain(chain).agentName(agentName));
    }

    private static String identity(String source, String author) {
        return source + '\u0000' + author.toLowerCase(Locale.ROOT);
    }

    /**
     * Issues a one-time challenge linking {@code address} to the author on the source; a newer
     * challenge replaces an older one.
     *
     * @param source the feed
     * @param author the author's handle on it
     * @param address the address to link
     * @return the EIP-4361 message to sign with {@code personal_sign}
     * @throws ToolException if the address is malformed
     */
    public String challenge(String source, String author, String address) {
        String checked = dev.agentry.tools.chain.internal.Units.address("address", address);
        SignInMessage m = SignInMessage.compose(domain, checked, chain.chain().id(), source, author, agentName, clock.instant(), challengeTtl);
        pending.put(identity(source, author), m);
        return m.text();
    }

    /**
     * Links the address of the author's pending challenge when the signature is that address's.
     * The challenge is consumed either way.
     *
     * @param source the feed
     * @param author the author's handle on it
     * @param signature the {@code personal_sign} signature of the challenge, 0x hex
     * @return the linked address
     * @throws ToolException when there is no pending challenge, it expired, or another key signed it
     */
    public String link(String source, String author, String signature) {
        SignInMessage m = pending.asMap().remove(identity(source, author));
        if (m == null) {
            throw new ToolException("no pending challenge for " + author + " on " + source + ": ask for one first (each is used once)");
        }
        if (clock.instant().isAfter(m.expiresAt())) {
            throw new ToolException("the challenge expired at " + m.expiresAt() + "; ask for a new one");
        }
        Optional<String> signer = m.signer(signature);
        if (signer.isEmpty()) {
            throw new ToolException("the signature must be 65 bytes of hex (0x + 130 hex digits) made with personal_sign; ask for a new challenge");
        }
        if (!signer.get().equalsIgnoreCase(m.address())) {
            throw new ToolException("the challenge was signed by " + signer.get() + ", not by " + m.address()
                    + "; nothing was linked, ask for a new challenge");
        }
        links.put(identity(source, author), m.address());
        return m.address();
    }

    /**
     * Returns the address linked to an author.
     *
     * @param source the feed
     * @param author the author's handle
     * @return the address, if linked
     */
    public Optional<String> linkedAddress(String source, String author) {
        return Optional.ofNullable(links.get(identity(source, author)));
    }

    /**
     * Returns the trust an author's holdings earn now, from balances cached up to the TTL.
     *
     * @param source the feed
     * @param author the author's handle
     * @return the highest level earned, or {@link Trust#UNTRUSTED} when unlinked or holding too little
     * @throws ToolException when the node cannot be read
     */
    public Trust trustOf(String source, String author) {
        return linkedAddress(source, author).map(a -> earned(a, false)).orElse(Trust.UNTRUSTED);
    }

    private Trust earned(String address, boolean fresh) {
        try {
            return holdings.earned(rules, address, fresh);
        } catch (dev.agentry.tools.chain.internal.RpcException e) {
            throw new ToolException("cannot read the holdings of " + address + ": " + e.describe());
        }
    }

    /**
     * Raises an event's trust to what its author's holdings earn, marking it with
     * {@link #HOLDER_ADDRESS}; an event already trusted as much is returned unchanged.
     *
     * @param event an accepted event
     * @return the event, with its trust raised if the holdings earn more
     */
    public Event resolve(Event event) {
        Optional<String> address = linkedAddress(event.source(), event.author());
        if (address.isEmpty()) {
            return event;
        }
        Trust earned = earned(address.get(), false);
        if (earned == Trust.UNTRUSTED || event.trust().atLeast(earned)) {
            return event;
        }
        Map<String, String> attributes = new java.util.HashMap<>(event.attributes());
        attributes.put(HOLDER_ADDRESS, address.get());
        return new Event(event.id(), event.source(), event.author(), event.conversation(), event.text(), earned, event.receivedAt(), attributes);
    }

    /**
     * Tells whether an event is let in: always, unless the gate is holders-only; then only events
     * whose author is trusted already or whose holdings earn trust.
     *
     * @param event an accepted event
     * @return whether to run a turn for it
     */
    public boolean admits(Event event) {
        return !holdersOnly || event.trust() != Trust.UNTRUSTED || trustOf(event.source(), event.author()) != Trust.UNTRUSTED;
    }

    /**
     * Answers the link command, which works without the model and whatever the author's trust:
     * {@code link 0x<address>} issues a challenge, {@code link 0x<signature>} links.
     *
     * @param event an accepted event
     * @return the reply to send without a turn, or empty when the event is no link command
     */
    public Optional<String> linkCommand(Event event) {
        return HolderLinkTools.command(this, event);
    }

    /**
     * Returns the policy rule {@code holder-recheck}: before a {@link Effect#FUNDS} or
     * {@link Effect#SIGN} call of an event whose trust came from holdings, it reads the balances
     * again (uncached) and denies the call if they no longer earn that trust. Fails closed: a node
     * that cannot be read denies.
     *
     * @return the rule
     */
    public PolicyRule fundsRule() {
        return new HolderRecheckRule(address -> earned(address, true));
    }

    /**
     * Returns the link tools, {@code link_wallet_challenge} and {@code link_wallet}: effect
     * {@link Effect#POST} (they move nothing and sign nothing; untrusted authors need them), acting
     * for the event's own author only.
     *
     * @return the two tools
     */
    public List<Tool> tools() {
        return HolderLinkTools.of(this);
    }

    /**
     * Configures a {@link HolderGate}. Each setting may be given once; the toolkit and at least
     * one rule are required. Not thread-safe.
     */
    public static final class Builder {
        private final Set<String> given = new HashSet<>();
        private ChainToolkit chain;
        private List<HoldingRule> rules = List.of();
        private String domain = "agentry.local";
        private String agentName = "this agent";
        private Duration cacheTtl = Duration.ofSeconds(60);
        private Duration challengeTtl = Duration.ofMinutes(10);
        private boolean holdersOnly;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        private Builder once(String name) {
            if (!given.add(name)) {
                throw new IllegalStateException(name + " was already set");
            }
            return this;
        }

        /**
         * Sets the toolkit whose node and chain holdings are read on (required).
         *
         * @param chain the toolkit
         * @return this
         */
        public Builder chain(ChainToolkit chain) {
            this.chain = Objects.requireNonNull(chain, "chain");
            return once("chain");
        }

        /**
         * Sets the rules (required, at least one).
         *
         * @param rules the rules; the highest trust any of them earns applies
         * @return this
         */
        public Builder rules(List<HoldingRule> rules) {
            if (rules.isEmpty()) {
                throw new IllegalArgumentException("rules must not be empty");
            }
            this.rules = List.copyOf(rules);
            return once("rules");
        }

        /**
         * Sets the domain named in the challenge (EIP-4361's authority). Default {@code agentry.local}.
         *
         * @param domain a host name such as {@code tipbot.example}
         * @return this
         */
        public Builder domain(String domain) {
            if (!Objects.requireNonNull(domain, "domain").matches("[A-Za-z0-9.-]+(:[0-9]+)?")) {
                throw new IllegalArgumentException("domain must be a host name, got \"" + domain + "\"");
            }
            this.domain = domain;
            return once("domain");
        }

        /**
         * Sets the agent's name, shown in the challenge. Default "this agent".
         *
         * @param name the name
         * @return this
         */
        public Builder agentName(String name) {
            this.agentName = Objects.requireNonNull(name, "name");
            return once("agentName");
        }

        /**
         * Sets how long balances are reused for {@link #trustOf}. Default 60 s; FUNDS calls always read anew.
         *
         * @param ttl zero or more
         * @return this
         */
        public Builder cacheTtl(Duration ttl) {
            if (Objects.requireNonNull(ttl, "ttl").isNegative()) {
                throw new IllegalArgumentException("cacheTtl must be zero or more, got " + ttl);
            }
            this.cacheTtl = ttl;
            return once("cacheTtl");
        }

        /**
         * Sets how long a challenge may be signed and returned. Default 10 minutes.
         *
         * @param ttl between 30 seconds and 1 day
         * @return this
         */
        public Builder challengeTtl(Duration ttl) {
            if (ttl.compareTo(Duration.ofSeconds(30)) < 0 || ttl.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("challengeTtl must be between 30 seconds and 1 day, got " + ttl);
            }
            this.challengeTtl = ttl;
            return once("challengeTtl");
        }

        /**
         * Makes {@link #admits} let in only trusted authors and holders. Default {@code false}.
         *
         * @param enabled whether only holders are answered
         * @return this
         */
        public Builder holdersOnly(boolean enabled) {
            this.holdersOnly = enabled;
            return once("holdersOnly");
        }

        /**
         * Sets the clock (tests). Default the system UTC clock.
         *
         * @param clock the clock
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return once("clock");
        }

        /**
         * Builds the gate.
         *
         * @return the gate
         * @throws IllegalStateException if the toolkit or the rules are missing
         */
        public HolderGate build() {
            if (chain == null) {
                throw new IllegalStateException("chain is required");
            }
            if (rules.isEmpty()) {
                throw new IllegalStateException("rules are required");
            }
            return new HolderGate(this);
        }
    }
}

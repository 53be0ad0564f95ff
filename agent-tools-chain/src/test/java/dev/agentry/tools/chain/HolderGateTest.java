package dev.agentry.tools.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.ConfigException;
import dev.agentry.core.ConfigSection;
import dev.agentry.core.Effect;
import dev.agentry.core.Event;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.Secret;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolException;
import dev.agentry.core.Trust;
import dev.agentry.testkit.Anvil;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * Token-gated trust on Anvil: users link an address by signing an EIP-4361 challenge, holders of
 * 1000 HOLD or of any PASS NFT earn TRUSTED, balances are cached for trust and read again before a
 * FUNDS call. Users are fresh keys; tokens come from an unlocked dev account.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HolderGateTest {
    private Anvil anvil;
    private ChainToolkit chain;
    private String hold;
    private String pass;

    @BeforeAll
    void start() {
        anvil = Anvil.start();
        chain = ChainToolkitTest.toolkit(anvil.url(), Wallet.fromPrivateKey(Secret.of(Anvil.KEY_0, "k0")), b -> {
        });
        hold = Markets.token(anvil.url(), Anvil.ADDRESS_1, "PlainToken", "HOLD", "1000000");
        pass = TestContracts.deploy(anvil.url(), Anvil.ADDRESS_1, "TestCollection", BigInteger.ZERO, List.of());
    }

    @AfterAll
    void stop() {
        chain.close();
        anvil.close();
    }

    private HolderGate gate(java.util.function.Consumer<HolderGate.Builder> extra) {
        HolderGate.Builder b = HolderGate.builder().chain(chain).domain("tipbot.example").agentName("Tipbot")
                .rules(List.of(HoldingRule.erc20(hold, new BigDecimal("1000"), Trust.TRUSTED), HoldingRule.nft(pass, Trust.TRUSTED)));
        extra.accept(b);
        return b.build();
    }

    private static Wallet user() {
        byte[] k = new byte[32];
        new java.security.SecureRandom().nextBytes(k);
        return Wallet.fromPrivateKey(Secret.of(org.web3j.utils.Numeric.toHexStringNoPrefix(k), "test user"));
    }

    private void give(String to, String tokens) {
        Markets.send(anvil.url(), Anvil.ADDRESS_1, hold, BigInteger.ZERO, new Function("transfer", List.of(new Address(to),
                new Uint256(Markets.units(tokens))), List.of()));
    }

    private static Event from(String author, Trust trust) {
        return Event.of("e-" + System.nanoTime(), "x", author, "c1", "hi", trust);
    }

    @Test
    void aSignedChallengeLinksTheAddressAndHoldingsEarnTrust() {
        HolderGate gate = gate(b -> {
        });
        Wallet alice = user();
        give(alice.address(), "1500");
        String message = gate.challenge("x", "alice", alice.address());
        assertThat(message).startsWith("tipbot.example wants you to sign in with your Ethereum account:\n" + alice.address() + "\n\n")
                .contains("\nURI: https://tipbot.example\nVersion: 1\nChain ID: 31337\n").containsPattern("\nNonce: [A-Za-z0-9]{16}\n")
                .contains("\nResources:\n- agentry:link:x:alice").contains("moves no funds");
        assertThat(gate.trustOf("x", "alice")).isEqualTo(Trust.UNTRUSTED);
        assertThat(gate.link("x", "alice", alice.signMessage(message))).isEqualTo(alice.address());
        assertThat(gate.trustOf("x", "alice")).isEqualTo(Trust.TRUSTED);
        // the identity is per source and author
        assertThat(gate.trustOf("telegram", "alice")).isEqualTo(Trust.UNTRUSTED);
        // a used challenge is gone: the same signature links nothing again
        assertThatThrownBy(() -> gate.link("x", "alice", alice.signMessage(message))).isInstanceOf(ToolException.class)
                .hasMessage("no pending challenge for alice on x: ask for one first (each is used once)");
    }

    @Test
    void aSignatureOfAnotherKeyAnExpiredChallengeOrGarbageLinkNothing() {
        Instant t0 = Instant.parse("2030-01-01T00:00:00Z");
        Clock[] now = {Clock.fixed(t0, ZoneOffset.UTC)};
        HolderGate gate = gate(b -> b.clock(new Clock() {
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId z) {
                return this;
            }

            public Instant instant() {
                return now[0].instant();
            }
        }).challengeTtl(Duration.ofMinutes(5)));
        Wallet victim = user();
        Wallet mallory = user();
        give(victim.address(), "5000");
        // mallory claims the victim's rich address and signs with her own key
        String claim = gate.challenge("x", "mallory", victim.address());
        assertThatThrownBy(() -> gate.link("x", "mallory", mallory.signMessage(claim))).isInstanceOf(ToolException.class)
                .hasMessage("the challenge was signed by " + mallory.address() + ", not by " + victim.address()
                        + "; nothing was linked, ask for a new challenge");
        assertThat(gate.linkedAddress("x", "mallory")).isEmpty();
        gate.challenge("x", "mallory", victim.address());
        assertThatThrownBy(() -> gate.link("x", "mallory", "0x1234")).hasMessageContaining("65 bytes of hex");
        // an expired challenge
        String late = gate.challenge("x", "victim", victim.address());
        now[0] = Clock.fixed(t0.plus(Duration.ofMinutes(6)), ZoneOffset.UTC);
        assertThatThrownBy(() -> gate.link("x", "victim", victim.signMessage(late))).hasMessageContaining("the challenge expired at 2030-01-01T00:05:00Z");
        // positive control: a fresh challenge signed by the right key links
        String fresh = gate.challenge("x", "victim", victim.address());
        assertThat(gate.link("x", "victim", victim.signMessage(fresh))).isEqualTo(victim.address());
        assertThat(gate.trustOf("x", "victim")).isEqualTo(Trust.TRUSTED);
    }

    @Test
    void tooFewTokensEarnNothingAndAnyNftOfTheCollectionEarnsTrust() {
        HolderGate gate = gate(b -> b.cacheTtl(Duration.ZERO));
        Wallet carol = user();
        give(carol.address(), "999.999999999999999999");
        gate.link("x", "carol", carol.signMessage(gate.challenge("x", "carol", carol.address())));
        assertThat(gate.trustOf("x", "carol")).isEqualTo(Trust.UNTRUSTED);
        Markets.send(anvil.url(), Anvil.ADDRESS_1, pass, BigInteger.ZERO, new Function("mint", List.of(new Address(carol.address())), List.of()));
        assertThat(gate.trustOf("x", "carol")).isEqualTo(Trust.TRUSTED);
    }

    @Test
    void trustIsCachedButEveryFundsCallReadsTheHoldingsAgain() {
        HolderGate gate = gate(b -> b.cacheTtl(Duration.ofHours(1)));
        Wallet dave = user();
        give(dave.address(), "1000");
        gate.link("x", "dave", dave.signMessage(gate.challenge("x", "dave", dave.address())));
        Event resolved = gate.resolve(from("dave", Trust.UNTRUSTED));
        assertThat(resolved.trust()).isEqualTo(Trust.TRUSTED);
        assertThat(resolved.attributes()).containsEntry(HolderGate.HOLDER_ADDRESS, dave.address());
        var rule = gate.fundsRule();
        java.util.function.BiFunction<Effect, Event, PolicyDecision> check = (effect, e) -> rule.check(new PolicyRequest("a", "transfer_native",
                effect, e, ToolArguments.parse("{}"), List.of(), "k", Instant.now()));
        assertThat(check.apply(Effect.FUNDS, resolved).verdict()).as("positive control: still a holder").isEqualTo(PolicyDecision.Verdict.ALLOW);

        // dave moves his tokens away; the cached trust still says TRUSTED, the FUNDS check reads again and denies
        sendAway(dave);
        assertThat(gate.trustOf("x", "dave")).as("cached").isEqualTo(Trust.TRUSTED);
        PolicyDecision denied = check.apply(Effect.FUNDS, resolved);
        assertThat(denied.verdict()).isEqualTo(PolicyDecision.Verdict.DENY);
        assertThat(denied.rule()).isEqualTo("holder-recheck");
        assertThat(denied.reason()).isEqualTo("the holdings of " + dave.address() + " no longer earn TRUSTED (read again just now: UNTRUSTED)");
        assertThat(check.apply(Effect.SIGN, resolved).verdict()).isEqualTo(PolicyDecision.Verdict.DENY);
        assertThat(check.apply(Effect.READ, resolved).verdict()).isEqualTo(PolicyDecision.Verdict.ALLOW);
        // and the fresh read refreshed the cache
        assertThat(gate.trustOf("x", "dave")).isEqualTo(Trust.UNTRUSTED);
        // an event trusted by configuration, not by holdings, is not the rule's business
        assertThat(check.apply(Effect.FUNDS, from("dave", Trust.TRUSTED)).verdict()).isEqualTo(PolicyDecision.Verdict.ALLOW);
    }

    /** Dave's key signs a transfer of his whole HOLD balance back to the minter (he needs gas first). */
    private void sendAway(Wallet dave) {
        assertThat(TestContracts.succeeded(JsonRpc.send(anvil.url(), Anvil.ADDRESS_1, dave.address(), Markets.units("1"), "0x"))).isTrue();
        try (ChainToolkit daves = ChainToolkitTest.toolkit(anvil.url(), dave, b -> b.token("HOLD", hold))) {
            ChainToolkitTest.run(daves, "transfer_token", "{\"token\":\"HOLD\",\"to\":\"" + Anvil.ADDRESS_1 + "\",\"amount\":\"1000\"}");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void holdersOnlyModeLetsInHoldersAndTheLinkCommandOnly() {
        HolderGate gate = HolderGate.fromConfig(ConfigSection.parse("bot.json", """
                {"domain": "tipbot.example", "holdersOnly": true, "cacheSeconds": 0, "challengeSeconds": 300,
                 "rules": [{"token": "%s", "atLeast": "1000", "trust": "TRUSTED"}, {"nft": "%s"}]}""".formatted(hold, pass), Map.of()),
                chain, "Tipbot");
        Wallet erin = user();
        give(erin.address(), "1000");
        Event hello = from("erin", Trust.UNTRUSTED);
        assertThat(gate.admits(hello)).isFalse();
        assertThat(gate.linkCommand(hello)).isEmpty();
        String challengeReply = gate.linkCommand(Event.of("e2", "x", "erin", "c1", "link " + erin.address(), Trust.UNTRUSTED)).orElseThrow();
        String message = challengeReply.substring(challengeReply.indexOf("\n\n") + 2);
        assertThat(message).startsWith("tipbot.example wants you to sign in");
        assertThat(gate.linkCommand(Event.of("e3", "x", "erin", "c1", "link " + erin.signMessage(message), Trust.UNTRUSTED)))
                .contains("Linked " + erin.address() + ". Your holdings now earn TRUSTED.");
        assertThat(gate.admits(hello)).isTrue();
        assertThat(gate.admits(from("stranger", Trust.UNTRUSTED))).isFalse();
        assertThat(gate.admits(from("operator", Trust.OWNER))).as("trusted by configuration").isTrue();
        // without holders-only everyone is let in
        assertThat(gate(b -> {
        }).admits(from("stranger", Trust.UNTRUSTED))).isTrue();

        assertThatThrownBy(() -> HolderGate.fromConfig(ConfigSection.parse("bot.json", """
                {"rules": [{"token": "%s", "trust": "TRUSTED"}]}""".formatted(hold), Map.of()), chain, "Tipbot"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("atLeast").hasMessageContaining("is required with 'token'");
        assertThatThrownBy(() -> HolderGate.fromConfig(ConfigSection.parse("bot.json", """
                {"rules": [{"nft": "%s", "trust": "UNTRUSTED"}]}""".formatted(pass), Map.of()), chain, "Tipbot"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must earn TRUSTED or OWNER");
        assertThatThrownBy(() -> HolderGate.builder().domain("a.example").domain("b.example")).hasMessage("domain was already set");
    }
}

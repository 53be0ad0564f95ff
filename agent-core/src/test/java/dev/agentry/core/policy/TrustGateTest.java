package dev.agentry.core.policy;

import static dev.agentry.core.policy.Calls.call;
import static dev.agentry.core.policy.Calls.tool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Effect;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.Trust;
import dev.agentry.core.internal.policy.TrustGate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrustGateTest {
    private final TrustGate defaults = new TrustGate(Map.of(), false, true);

    @Test
    void defaultsByEffect() {
        assertThat(defaults.check(call("read", Effect.READ, Trust.UNTRUSTED)).allowed()).isTrue();
        assertThat(defaults.check(call("post", Effect.POST, Trust.UNTRUSTED)).allowed()).isTrue();
        assertThat(defaults.check(call("pay", Effect.FUNDS, Trust.TRUSTED)).allowed()).isTrue();
        PolicyDecision funds = defaults.check(call("pay", Effect.FUNDS, Trust.UNTRUSTED));
        assertThat(funds.rule()).isEqualTo("trust");
        assertThat(funds.reason()).isEqualTo("tool 'pay' (FUNDS) needs an author trusted at least TRUSTED; this event's author is UNTRUSTED");
        assertThat(defaults.offers("a1", tool("pay", Effect.FUNDS), Trust.UNTRUSTED)).isFalse();
        assertThat(defaults.offers("a1", tool("pay", Effect.FUNDS), Trust.TRUSTED)).isTrue();
    }

    @Test
    void switchesOpenAndCloseFundsAndPosts() {
        TrustGate open = new TrustGate(Map.of(), true, false);
        assertThat(open.check(call("pay", Effect.FUNDS, Trust.UNTRUSTED)).allowed()).isTrue();
        assertThat(open.check(call("post", Effect.POST, Trust.UNTRUSTED)).rule()).isEqualTo("trust");
        assertThat(open.check(call("post", Effect.POST, Trust.TRUSTED)).allowed()).isTrue();
    }

    @Test
    void perToolMinimumReplacesTheEffectDefault() {
        TrustGate gate = new TrustGate(Map.of("admin", Trust.OWNER, "tip", Trust.UNTRUSTED), false, true);
        assertThat(gate.check(call("admin", Effect.READ, Trust.TRUSTED)).rule()).isEqualTo("trust");
        assertThat(gate.check(call("admin", Effect.READ, Trust.OWNER)).allowed()).isTrue();
        assertThat(gate.check(call("tip", Effect.FUNDS, Trust.UNTRUSTED)).allowed()).isTrue();
    }

    @Test
    void signingNeverReachesUntrustedAuthorsWhateverTheConfiguration() {
        TrustGate lax = new TrustGate(Map.of("sign_message", Trust.UNTRUSTED), true, true);
        PolicyDecision denied = lax.check(call("sign_message", Effect.SIGN, Trust.UNTRUSTED));
        assertThat(denied.rule()).isEqualTo("trust");
        assertThat(denied.reason()).contains("(SIGN) needs an author trusted at least TRUSTED");
        assertThat(lax.offers("a1", tool("sign_message", Effect.SIGN), Trust.UNTRUSTED)).isFalse();
        assertThat(lax.check(call("sign_message", Effect.SIGN, Trust.TRUSTED)).allowed()).isTrue();
        TrustGate strict = new TrustGate(Map.of("sign_message", Trust.OWNER), false, true);
        assertThat(strict.check(call("sign_message", Effect.SIGN, Trust.TRUSTED)).rule()).isEqualTo("trust");
    }
}

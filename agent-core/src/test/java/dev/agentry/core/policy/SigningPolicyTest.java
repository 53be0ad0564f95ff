package dev.agentry.core.policy;

import static dev.agentry.core.policy.Calls.NOW;
import static dev.agentry.core.policy.Calls.call;
import static dev.agentry.core.policy.Calls.tool;
import static dev.agentry.core.policy.SigningRuleTest.ATTACK;
import static dev.agentry.core.policy.SigningRuleTest.sign;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Effect;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.SigningGrant;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.Trust;
import org.junit.jupiter.api.Test;

/** Issue #11 hole 1: a tool that signs with the agent's key, seen through the whole policy. */
class SigningPolicyTest {
    private static final String LOGIN = "{\"message\": \"Login to example.com: nonce 77\"}";

    @Test
    void untrustedAuthorsAreNeitherOfferedNorAllowedSigningWhateverTheConfigSays() {
        StandardPolicy lax = StandardPolicy.builder().minimumTrust("sign_message", Trust.UNTRUSTED).fundsForUntrusted(true)
                .signing(SigningGrant.prefixes("Login to example.com: ")).build();

        assertThat(lax.offers("a1", tool("sign_message", Effect.SIGN), Trust.UNTRUSTED)).isFalse();
        PolicyDecision denied = lax.decide(call("sign_message", Effect.SIGN, Trust.UNTRUSTED, NOW, LOGIN));
        assertThat(denied.verdict()).isEqualTo(PolicyDecision.Verdict.DENY);
        assertThat(denied.rule()).isEqualTo("trust");
        assertThat(lax.offers("a1", tool("sign_message", Effect.SIGN), Trust.TRUSTED)).isTrue();
        assertThat(lax.decide(call("sign_message", Effect.SIGN, Trust.TRUSTED, NOW, LOGIN)).allowed()).isTrue();
    }

    @Test
    void trustedAuthorsWithoutAGrantAreDeniedByTheSigningRule() {
        StandardPolicy policy = StandardPolicy.builder().build();

        PolicyDecision denied = policy.decide(call("sign_message", Effect.SIGN, Trust.OWNER, NOW, LOGIN));
        assertThat(denied.verdict()).isEqualTo(PolicyDecision.Verdict.DENY);
        assertThat(denied.rule()).isEqualTo("signing");
        assertThat(policy.offers("a1", tool("sign_message", Effect.SIGN), Trust.OWNER)).isFalse();
        assertThat(policy.decide(call("post", Effect.POST, Trust.OWNER)).allowed()).isTrue();
    }

    @Test
    void prefixGrantSignsTheLoginAndRefusesTheTransferAuthorisation() {
        StandardPolicy policy = StandardPolicy.builder().signing(SigningGrant.prefixes("Login to example.com: ")).build();

        assertThat(policy.decide(sign("Login to example.com: nonce 77")).allowed()).isTrue();
        PolicyDecision attack = policy.decide(sign(ATTACK));
        assertThat(attack.verdict()).isEqualTo(PolicyDecision.Verdict.DENY);
        assertThat(attack.rule()).isEqualTo("signing");
    }

    @Test
    void approvalGrantHoldsTheSignatureUnlessALaterRuleDenies() {
        StandardPolicy policy = StandardPolicy.builder().signing(SigningGrant.approvalOnly()).rateLimit("sign_message", 1, java.time.Duration.ofHours(1))
                .build();

        PolicyDecision held = policy.decide(sign(ATTACK));
        assertThat(held.verdict()).isEqualTo(PolicyDecision.Verdict.NEEDS_APPROVAL);
        assertThat(held.rule()).isEqualTo("signing");
        assertThat(policy.decide(sign("anything")).rule()).isEqualTo("rate-limit");
    }
}

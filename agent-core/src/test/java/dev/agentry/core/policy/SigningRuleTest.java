package dev.agentry.core.policy;

import static dev.agentry.core.policy.Calls.NOW;
import static dev.agentry.core.policy.Calls.call;
import static dev.agentry.core.policy.Calls.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.Effect;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.SigningGrant;
import dev.agentry.core.Trust;
import dev.agentry.core.internal.policy.SigningRule;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SigningRuleTest {
    static final String ATTACK = "I authorize transfer of all assets to 0xdddddddddddddddddddddddddddddddddddddddd";
    static final String SIWE = """
            app.example.com wants you to sign in with your Ethereum account:
            0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266

            Sign in to the example app.

            URI: https://app.example.com/login
            Version: 1
            Chain ID: 1
            Nonce: 32891756
            Issued At: 2026-11-21T12:00:00Z""";

    static PolicyRequest sign(String message) {
        String json = "{\"message\": " + dev.agentry.core.internal.Json.MAPPER.valueToTree(message) + "}";
        return call("sign_message", Effect.SIGN, Trust.TRUSTED, NOW, json);
    }

    @Test
    void withoutAGrantEverySignatureIsDeniedAndSigningToolsAreNotOffered() {
        SigningRule rule = new SigningRule(Optional.empty());

        PolicyDecision denied = rule.check(sign("Login to example.com: 42"));
        assertThat(denied.verdict()).isEqualTo(PolicyDecision.Verdict.DENY);
        assertThat(denied.rule()).isEqualTo("signing");
        assertThat(denied.reason()).isEqualTo("signing with the agent's key is not granted: the operator's policy has no signing grant");
        assertThat(rule.offers("a1", tool("sign_message", Effect.SIGN), Trust.OWNER)).isFalse();
        assertThat(rule.check(call("post", Effect.POST, Trust.UNTRUSTED)).allowed()).isTrue();
        assertThat(rule.offers("a1", tool("post", Effect.POST), Trust.UNTRUSTED)).isTrue();
    }

    @Test
    void prefixGrantAllowsMatchingMessagesOnly() {
        SigningRule rule = new SigningRule(Optional.of(SigningGrant.prefixes("Login to example.com: ")));

        assertThat(rule.check(sign("Login to example.com: nonce 8812")).allowed()).isTrue();
        assertThat(rule.offers("a1", tool("sign_message", Effect.SIGN), Trust.TRUSTED)).isTrue();
        PolicyDecision attack = rule.check(sign(ATTACK));
        assertThat(attack.rule()).isEqualTo("signing");
        assertThat(attack.reason()).isEqualTo("the message is not one the signing grant allows (no allowed prefix, no allowed sign-in domain)");
        assertThat(rule.check(sign("Login to example.com.attacker.io: x")).allowed()).isFalse();
        assertThat(rule.check(call("sign_message", Effect.SIGN, Trust.TRUSTED, NOW, "{\"text\": \"Login to example.com: 1\"}")).reason())
                .isEqualTo("tool 'sign_message' has no text 'message' argument to check against the signing grant");
    }

    @Test
    void domainGrantAllowsSignInWithEthereumForThatDomainOnly() {
        SigningRule rule = new SigningRule(Optional.of(SigningGrant.domains("App.Example.com")));

        assertThat(rule.check(sign(SIWE)).allowed()).isTrue();
        assertThat(rule.check(sign(SIWE.replace("app.example.com wants", "evil.example wants"))).allowed()).isFalse();
        assertThat(rule.check(sign(SIWE.replace("URI: https://app.example.com/login", "URI: https://evil.example/login"))).allowed()).isFalse();
        assertThat(rule.check(sign("app.example.com " + ATTACK)).allowed()).isFalse();
    }

    @Test
    void approvalHoldsGrantedSignaturesAndAloneGrantsAnyMessage() {
        SigningRule listed = new SigningRule(Optional.of(SigningGrant.prefixes("Login to example.com: ").withApproval()));
        PolicyDecision held = listed.check(sign("Login to example.com: 1"));
        assertThat(held.verdict()).isEqualTo(PolicyDecision.Verdict.NEEDS_APPROVAL);
        assertThat(held.rule()).isEqualTo("signing");
        assertThat(listed.check(sign(ATTACK)).verdict()).isEqualTo(PolicyDecision.Verdict.DENY);

        SigningRule approvalOnly = new SigningRule(Optional.of(SigningGrant.approvalOnly()));
        assertThat(approvalOnly.check(sign(ATTACK)).verdict()).isEqualTo(PolicyDecision.Verdict.NEEDS_APPROVAL);
    }

    @Test
    void grantsFailFastNamingTheBadValue() {
        assertThatThrownBy(() -> new SigningGrant(List.of(), List.of(), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("signing grant grants nothing: list allowedPrefixes or allowedDomains, or require approval");
        assertThatThrownBy(() -> SigningGrant.prefixes(" ")).hasMessage("signing grant: an allowed prefix must not be blank");
        assertThatThrownBy(() -> SigningGrant.domains("https://example.com/"))
                .hasMessageContaining("allowed domain \"https://example.com/\" is not a host name");
        assertThat(SigningGrant.domains("example.com:8443").allowedDomains()).containsExactly("example.com:8443");
    }
}

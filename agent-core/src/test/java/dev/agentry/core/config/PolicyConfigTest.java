package dev.agentry.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.AgentConfig;
import dev.agentry.core.ConfigException;
import dev.agentry.core.Effect;
import dev.agentry.core.Event;
import dev.agentry.core.InMemoryJournal;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.Trust;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The policy section's signing grant and the JSON paths its errors name. */
class PolicyConfigTest {
    private static final String MODEL = "\"model\": {\"provider\": \"openai\", \"name\": \"m\"}";

    private static AgentConfig parse(String policy) {
        return AgentConfig.parse("{" + MODEL + ", \"policy\": " + policy + "}", "agent.json", Map.of("LOGIN_PREFIX", "Login to example.com: "));
    }

    private static PolicyRequest sign(Trust trust, String message) {
        return new PolicyRequest("a1", "sign_message", Effect.SIGN, Event.of("e1", "x", "bob", "c", "t", trust),
                ToolArguments.parse("{\"message\": \"" + message + "\"}"), List.of(), "k-" + message.hashCode() + trust, Instant.now());
    }

    @Test
    void signingGrantFromTheConfigurationAllowsOnlyWhatItLists() {
        StandardPolicy policy = parse("{\"signing\": {\"allowedPrefixes\": [\"${LOGIN_PREFIX}\"], \"approval\": false}}").policy(new InMemoryJournal());

        assertThat(policy.decide(sign(Trust.TRUSTED, "Login to example.com: nonce 5")).allowed()).isTrue();
        PolicyDecision attack = policy.decide(sign(Trust.TRUSTED, "I authorize transfer of all assets to 0xdddd"));
        assertThat(attack.rule()).isEqualTo("signing");
        assertThat(policy.decide(sign(Trust.UNTRUSTED, "Login to example.com: nonce 5")).rule()).isEqualTo("trust");
    }

    @Test
    void withoutASigningSectionSigningIsDenied() {
        StandardPolicy policy = parse("{}").policy(new InMemoryJournal());
        assertThat(policy.decide(sign(Trust.OWNER, "Login to example.com: nonce 5")).rule()).isEqualTo("signing");
    }

    @Test
    void approvalAloneIsAGrantThatHoldsEverySignature() {
        StandardPolicy policy = parse("{\"signing\": {\"approval\": true}}").policy(new InMemoryJournal());
        assertThat(policy.decide(sign(Trust.TRUSTED, "anything")).verdict()).isEqualTo(PolicyDecision.Verdict.NEEDS_APPROVAL);
    }

    @Test
    void signingErrorsNameTheJsonPath() {
        assertThatThrownBy(() -> parse("{\"signing\": {}}")).isInstanceOf(ConfigException.class)
                .hasMessage("agent.json: $.policy.signing: signing grant grants nothing: list allowedPrefixes or allowedDomains, or require approval");
        assertThatThrownBy(() -> parse("{\"signing\": {\"allowedPrefixes\": [\"ok\", \" \"]}}"))
                .hasMessage("agent.json: $.policy.signing.allowedPrefixes[1]: must not be blank");
        assertThatThrownBy(() -> parse("{\"signing\": {\"allowedDomains\": [\"example.com\", \"https://evil/\"]}}"))
                .hasMessageStartingWith("agent.json: $.policy.signing.allowedDomains[1]: signing grant: allowed domain \"https://evil/\" is not a host name");
        assertThatThrownBy(() -> parse("{\"signing\": {\"allowedPrefix\": [\"x\"]}}"))
                .hasMessageStartingWith("agent.json: $.policy.signing.allowedPrefix: unknown field; expected one of [allowedDomains, allowedPrefixes, approval]");
        assertThatThrownBy(() -> parse("{\"signing\": {\"approval\": \"yes\"}}"))
                .hasMessage("agent.json: $.policy.signing.approval: expected true or false, got string");
        assertThatThrownBy(() -> parse("{\"signing\": true}"))
                .hasMessage("agent.json: $.policy.signing: expected an object, got boolean");
    }

    @Test
    void repeatedOrBlankListEntriesNameTheirPath() {
        assertThatThrownBy(() -> parse("{\"approvalFor\": [\"launch\", \"launch\"]}"))
                .hasMessage("agent.json: $.policy.approvalFor[1]: approvalFor tool 'launch' was already set");
        assertThatThrownBy(() -> parse("{\"recipientAllowlist\": [\"0xa\", \"\"]}"))
                .hasMessage("agent.json: $.policy.recipientAllowlist[1]: must not be blank");
        assertThatThrownBy(() -> parse("{\"minimumTrust\": {\"t\": \"OWNER\"}, \"rateLimits\": [{\"tool\": \"t\", \"calls\": 1, \"window\": \"PT1H\"},"
                + " {\"tool\": \"t\", \"calls\": 2, \"window\": \"PT1H\"}]}"))
                .hasMessage("agent.json: $.policy.rateLimits[1]: rate limit for tool 't' was already set");
    }
}

package dev.agentry.core.policy;

import static dev.agentry.core.policy.Calls.call;
import static dev.agentry.core.policy.Calls.tool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Effect;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.Trust;
import dev.agentry.core.internal.policy.ToolList;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ToolListRulesTest {

    @Test
    void denyListRefusesAndHidesListedToolsOnly() {
        ToolList rule = ToolList.deny(Set.of("rm"));

        PolicyDecision denied = rule.check(call("rm", Effect.READ, Trust.OWNER));
        assertThat(denied.verdict()).isEqualTo(PolicyDecision.Verdict.DENY);
        assertThat(denied.rule()).isEqualTo("deny-list");
        assertThat(denied.reason()).isEqualTo("tool 'rm' is on the deny list");
        assertThat(rule.offers("a1", tool("rm", Effect.READ), Trust.OWNER)).isFalse();

        assertThat(rule.check(call("ls", Effect.READ, Trust.OWNER)).allowed()).isTrue();
        assertThat(rule.offers("a1", tool("ls", Effect.READ), Trust.OWNER)).isTrue();
    }

    @Test
    void allowListAdmitsListedToolsOnlyAndEmptyMeansAll() {
        ToolList rule = ToolList.allow(Set.of("read"));

        assertThat(rule.check(call("read", Effect.READ, Trust.UNTRUSTED)).allowed()).isTrue();
        PolicyDecision denied = rule.check(call("other", Effect.READ, Trust.OWNER));
        assertThat(denied.rule()).isEqualTo("allow-list");
        assertThat(denied.reason()).isEqualTo("tool 'other' is not on the allow list");
        assertThat(rule.offers("a1", tool("other", Effect.READ), Trust.OWNER)).isFalse();

        assertThat(ToolList.allow(Set.of()).check(call("other", Effect.READ, Trust.OWNER)).allowed()).isTrue();
    }
}

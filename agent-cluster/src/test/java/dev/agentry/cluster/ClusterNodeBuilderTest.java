package dev.agentry.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.Trust;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The builder's rule: each setting once, bad values named at once, required settings named at build. */
class ClusterNodeBuilderTest {

    @Test
    void eachSettingMayBeGivenOnce() {
        assertThatThrownBy(() -> ClusterNode.builder().nodeId("a").nodeId("b")).isInstanceOf(IllegalStateException.class)
                .hasMessage("ClusterNode.Builder: nodeId was already set; each setting may be set once");
        assertThatThrownBy(() -> ClusterNode.builder().kafkaSetting("security.protocol", "SSL").kafkaSetting("security.protocol", "SASL_SSL"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("kafkaSetting security.protocol");
        assertThat(ClusterNode.builder().kafkaSetting("security.protocol", "SSL").kafkaSetting("ssl.keystore.type", "PKCS12"))
                .as("one call per key is fine").isNotNull();
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> ClusterNode.builder().postgres("jdbc:mysql://db/x?password=secret", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("postgres url must start with jdbc:postgresql:, was jdbc:mysql://db/x");
        assertThatThrownBy(() -> ClusterNode.builder().topic("events", 0)).hasMessage("partitions must be at least 1, was 0");
        assertThatThrownBy(() -> ClusterNode.builder().sessionTimeout(Duration.ofMillis(500))).hasMessage("sessionTimeout must be at least 1 s, was PT0.5S");
        assertThatThrownBy(() -> ClusterNode.builder().handoverGrace(Duration.ofSeconds(-1))).hasMessageContaining("handoverGrace");
        assertThatThrownBy(() -> ClusterNode.builder().loopLimits(0, 5)).hasMessageContaining("hopLimit and conversationBudget");
        assertThatThrownBy(() -> ClusterNode.builder().bootstrapServers(" ")).hasMessage("bootstrapServers must not be blank, was ' '");
        assertThatThrownBy(() -> ClusterNode.builder().replicationFactor(0)).hasMessageContaining("replicationFactor");
        assertThatThrownBy(() -> ClusterNode.builder().agentTrust(Map.of("a", Trust.OWNER), null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> AgentCatalog.of(Set.of(), id -> null)).hasMessageContaining("at least one agent");
    }

    @Test
    void requiredSettingsAreNamedAtBuild() {
        assertThatThrownBy(() -> ClusterNode.builder().bootstrapServers("127.0.0.1:9092").build())
                .isInstanceOf(IllegalStateException.class).hasMessage("ClusterNode.Builder: postgres is required");
        assertThatThrownBy(() -> ClusterNode.builder().bootstrapServers("127.0.0.1:9092").postgres("jdbc:postgresql://127.0.0.1/x", "u", "")
                .build()).hasMessage("ClusterNode.Builder: agents is required");
    }
}

package dev.agentry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.ConfigException;
import dev.agentry.core.ConfigSection;
import dev.agentry.core.InMemoryJournal;
import dev.agentry.core.Persona;
import dev.agentry.core.Plugin;
import dev.agentry.core.PluginContext;
import dev.agentry.core.Secret;
import dev.agentry.core.Tool;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlainPluginContextTest {

    /** A plugin that reads its section the way real plugins do and registers a resource to close. */
    static final class GreeterPlugin implements Plugin {
        final List<String> seen = new ArrayList<>();

        @Override
        public String name() {
            return "greeter";
        }

        @Override
        public List<Tool> tools(PluginContext context) {
            ConfigSection s = context.section("greeter").orElseThrow(() -> new ConfigException("no greeter section"));
            s.requireOnly(List.of("greeting", "apiKey", "endpoint"));
            seen.add(s.string("greeting"));
            Secret key = s.secret("apiKey");
            seen.add(key.origin() + "=" + key.reveal().length() + " chars");
            seen.add(context.resolve(s.json().contains("endpoint") ? "${ENDPOINT:-http://127.0.0.1:1}/v1" : "none"));
            context.closeOnShutdown(() -> seen.add("closed"));
            return List.of();
        }
    }

    @Test
    void aPluginReadsItsSectionEnvironmentAndSecretsAsFromAFile() {
        GreeterPlugin plugin = new GreeterPlugin();
        try (PlainPluginContext context = PlainPluginContext.builder()
                .section("greeter", "{\"greeting\": \"${GREETING}\", \"apiKey\": \"${GREETER_KEY}\", \"endpoint\": \"x\"}")
                .environment(Map.of("GREETING", "gm", "GREETER_KEY", "sk-123456")).build()) {
            plugin.tools(context);
            assertThat(context.resources()).hasSize(1);
            assertThat(plugin.seen).containsExactly("gm", "${GREETER_KEY}=9 chars", "http://127.0.0.1:1/v1");
        }
        assertThat(plugin.seen).last().isEqualTo("closed");
    }

    @Test
    void errorsNameTheSourceAndPathAndNeverShowASecret() {
        PlainPluginContext literal = PlainPluginContext.builder().source("bot.json")
                .section("greeter", "{\"greeting\": \"gm\", \"apiKey\": \"sk-literal-secret\"}").build();
        assertThatThrownBy(() -> new GreeterPlugin().tools(literal)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("bot.json: $.apiKey").hasMessageContaining("must be a ${NAME} reference")
                .hasMessageNotContaining("sk-literal-secret");
        PlainPluginContext typo = PlainPluginContext.builder().section("greeter", "{\"greetin\": \"gm\"}").build();
        assertThatThrownBy(() -> new GreeterPlugin().tools(typo)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("test config: unknown field $.greetin");
        PlainPluginContext unset = PlainPluginContext.builder().section("greeter", "{\"greeting\": \"${NOPE}\"}").build();
        assertThatThrownBy(() -> new GreeterPlugin().tools(unset)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("test config: $.greeting").hasMessageContaining("NOPE is not set");
        assertThatThrownBy(() -> PlainPluginContext.builder().section("greeter", "{\"greeting\": ").build()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("test config");
    }

    @Test
    void resolveAndSecretBehaveLikeTheRuntimes() {
        PlainPluginContext context = PlainPluginContext.builder().environment(Map.of("A", "1", "K", "sk-9")).build();
        assertThat(context.resolve("x-${A}-${B:-2} \"q\"")).isEqualTo("x-1-2 \"q\"");
        assertThat(context.resolve("")).isEmpty();
        assertThat(context.secret("${K}").reveal()).isEqualTo("sk-9");
        assertThatThrownBy(() -> context.resolve("${B}")).isInstanceOf(ConfigException.class).hasMessageContaining("B is not set");
        assertThatThrownBy(() -> context.secret("sk-pasted")).isInstanceOf(ConfigException.class).hasMessageNotContaining("sk-pasted");
        assertThat(context.section("chain")).isEmpty();
    }

    @Test
    void inMemoryStoresByDefaultOrTheOnesGiven() {
        PlainPluginContext defaults = PlainPluginContext.builder().build();
        assertThat(defaults.agentId()).isEqualTo("agent");
        assertThat(defaults.persona().name()).isEqualTo("Test");
        assertThat(defaults.journal()).isInstanceOf(InMemoryJournal.class);
        assertThat(defaults.memory()).isNotNull();
        defaults.cursors().put("feed", "42");
        assertThat(defaults.cursors().get("feed")).contains("42");
        assertThat(defaults.meterRegistry()).isEmpty();

        InMemoryJournal journal = new InMemoryJournal();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PlainPluginContext given = PlainPluginContext.builder().agentId("tipper").persona(Persona.of("Tipper", "Tips."))
                .journal(journal).meterRegistry(registry).build();
        assertThat(given.agentId()).isEqualTo("tipper");
        assertThat(given.journal()).isSameAs(journal);
        assertThat(given.meterRegistry()).containsSame(registry);
    }

    @Test
    void closeClosesEveryResourceLastFirstEvenWhenOneFails() {
        List<String> closed = new ArrayList<>();
        PlainPluginContext context = PlainPluginContext.builder().build();
        context.closeOnShutdown(() -> closed.add("first"));
        context.closeOnShutdown(() -> {
            throw new IllegalStateException("boom");
        });
        context.closeOnShutdown(() -> closed.add("third"));
        assertThatThrownBy(context::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("boom");
        assertThat(closed).containsExactly("third", "first");
        assertThat(context.resources()).isEmpty();
    }

    @Test
    void eachSettingOnce() {
        assertThatThrownBy(() -> PlainPluginContext.builder().section("chain", "{}").section("chain", "{}"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("section \"chain\"");
        assertThatThrownBy(() -> PlainPluginContext.builder().environment(Map.of()).environment(Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("environment");
        assertThatThrownBy(() -> PlainPluginContext.builder().journal(new InMemoryJournal()).journal(new InMemoryJournal()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("journal");
        assertThatThrownBy(() -> PlainPluginContext.builder().section(" ", "{}")).isInstanceOf(IllegalArgumentException.class);
    }
}

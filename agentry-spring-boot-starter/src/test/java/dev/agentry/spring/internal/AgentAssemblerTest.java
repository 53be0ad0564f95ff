package dev.agentry.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.AgentRuntime;
import dev.agentry.core.ConfigException;
import dev.agentry.spring.AgentCustomizer;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

class AgentAssemblerTest {
    private final StandardEnvironment environment = new StandardEnvironment();
    private final DefaultListableBeanFactory beans = new DefaultListableBeanFactory();

    private static ChatModel model() {
        return OpenAiChatModel.builder().baseUrl("http://127.0.0.1:9/v1").apiKey("unused").modelName("m").build();
    }

    private void properties(Map<String, Object> properties) {
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
    }

    private AgentRuntime register(List<AgentCustomizer> customizers) {
        AgentRuntime runtime = AgentRuntime.builder().discoverPlugins(false).build();
        new AgentAssembler(environment, new DefaultResourceLoader(), beans, beans.getBeanProvider(ChatModel.class), customizers)
                .registerAll(runtime);
        return runtime;
    }

    @Test
    void buildsEachAgentWithTheOnlyModelBeanAndRunsTheCustomizers() {
        beans.registerSingleton("model", model());
        properties(Map.of(
                "agentry.agents.teller.persona.name", "Teller",
                "agentry.agents.teller.persona.bio[0]", "Reads balances.",
                "agentry.agents.teller.limits.max-steps", 3,
                "agentry.agents.scribe.persona-file", "classpath:scribe.persona.json"));
        StringBuilder customized = new StringBuilder();

        try (AgentRuntime runtime = register(List.of((id, agent) -> customized.append(id).append(';')))) {
            assertThat(runtime.agents()).containsExactlyInAnyOrder("teller", "scribe");
        }
        assertThat(customized.toString()).contains("teller;").contains("scribe;");
    }

    @Test
    void aModelSectionWithASecretReferenceResolvesFromSpringsEnvironment() {
        properties(Map.of(
                "agentry.agents.a.persona.name", "A",
                "agentry.agents.a.model.provider", "openai",
                "agentry.agents.a.model.name", "gpt-4o-mini",
                "agentry.agents.a.model.api-key", "${TEST_MODEL_KEY}",
                "TEST_MODEL_KEY", "sk-from-spring"));

        try (AgentRuntime runtime = register(List.of())) {
            assertThat(runtime.agents()).containsExactly("a");
        }
    }

    @Test
    void aLiteralSecretIsRefusedNamingThePropertyPathWithoutEchoingIt() {
        properties(Map.of(
                "agentry.agents.a.persona.name", "A",
                "agentry.agents.a.model.provider", "openai",
                "agentry.agents.a.model.name", "gpt-4o-mini",
                "agentry.agents.a.model.api-key", "sk-literal-1234"));

        assertThatThrownBy(() -> register(List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("agentry.agents.a")
                .hasMessageContaining("literal secrets are not allowed")
                .hasMessageNotContaining("sk-literal-1234");
    }

    @Test
    void withoutAModelBeanOrSectionTheMessageSaysWhatToAdd() {
        properties(Map.of("agentry.agents.a.persona.name", "A"));

        assertThatThrownBy(() -> register(List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("agentry.agents.a: no model. Define one LangChain4j ChatModel bean, name one with "
                        + "agentry.agents.a.model-bean, or give a agentry.agents.a.model section");
    }

    @Test
    void aNamedModelBeanIsUsedAndAMissingOneIsNamed() {
        beans.registerSingleton("cheap", model());
        beans.registerSingleton("smart", model());
        properties(Map.of("agentry.agents.a.persona.name", "A", "agentry.agents.a.model-bean", "cheap",
                "agentry.agents.b.persona.name", "B", "agentry.agents.b.model-bean", "missing"));

        assertThatThrownBy(() -> register(List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("agentry.agents.b.model-bean: no LangChain4j ChatModel bean named 'missing'");
    }

    @Test
    void anAgentNeedsAPersona() {
        beans.registerSingleton("model", model());
        properties(Map.of("agentry.agents.a.tools[0]", "native_balance"));

        assertThatThrownBy(() -> register(List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("agentry.agents.a: needs a persona (persona: {name: ..., bio: [...]}) or a persona-file");
    }
}

package dev.agentry.spring;

import dev.agentry.core.AgentRuntime;
import dev.agentry.core.AgentRuntimeBuilder;
import dev.agentry.core.ApprovalHook;
import dev.agentry.core.CursorStore;
import dev.agentry.core.Journal;
import dev.agentry.core.Memory;
import dev.agentry.core.Plugin;
import dev.agentry.spring.internal.AgentAssembler;
import dev.agentry.spring.internal.JacksonAnnotationsCheck;
import dev.langchain4j.model.chat.ChatModel;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Builds the {@link AgentRuntime} and its agents from {@code application.yml} (see the package
 * documentation) and ties the runtime to the application's lifecycle.
 *
 * <p>The runtime takes from the context, when present: the {@link MeterRegistry} (metrics), a
 * {@link Journal}, {@link Memory} and {@link CursorStore} (otherwise in memory), an
 * {@link ApprovalHook}, {@link Plugin} beans (besides the plugins found on the class path), the
 * LangChain4j {@link ChatModel} beans for agents without a {@code model} section, and
 * {@link AgentCustomizer} beans. A bad agent configuration fails the application's start with
 * Agentry's message naming {@code agentry.agents.<id>} and the field. Off with
 * {@code agentry.enabled=false}; an application's own {@code AgentRuntime} bean replaces this one.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnProperty(prefix = "agentry", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(AgentryProperties.class)
public class AgentryAutoConfiguration {

    /** Creates the auto-configuration (Spring does). */
    public AgentryAutoConfiguration() {
    }

    /**
     * The runtime with every agent under {@code agentry.agents} registered (not started: see
     * {@link AgentryLifecycle}).
     *
     * @param properties runtime-wide settings
     * @param environment where the agents' settings and {@code ${NAME}} references are read
     * @param resources loads {@code persona-file} locations
     * @param beans looks up {@code model-bean} names
     * @param registry the application's meter registry, if any
     * @param journal a journal bean, if any
     * @param memory a memory bean, if any
     * @param cursors a cursor store bean, if any
     * @param approvals an approval hook bean, if any
     * @param plugins plugin beans
     * @param models LangChain4j chat model beans
     * @param customizers agent customizers
     * @return the runtime
     * @throws dev.agentry.core.ConfigException naming the agent and field when a configuration is
     *     wrong, or when the class path has Jackson annotations older than 2.21
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public AgentRuntime agentryRuntime(AgentryProperties properties, Environment environment, ResourceLoader resources,
            BeanFactory beans, ObjectProvider<MeterRegistry> registry, ObjectProvider<Journal> journal,
            ObjectProvider<Memory> memory, ObjectProvider<CursorStore> cursors, ObjectProvider<ApprovalHook> approvals,
            ObjectProvider<Plugin> plugins, ObjectProvider<ChatModel> models, ObjectProvider<AgentCustomizer> customizers) {
        JacksonAnnotationsCheck.verify(AgentRuntime.class.getClassLoader());
        AgentRuntimeBuilder builder = AgentRuntime.builder().drainTimeout(properties.drainTimeout());
        registry.ifAvailable(builder::meterRegistry);
        journal.ifAvailable(builder::journal);
        memory.ifAvailable(builder::memory);
        cursors.ifAvailable(builder::cursors);
        approvals.ifAvailable(hook -> builder.approvalHook(hook, properties.approvalTimeout()));
        plugins.orderedStream().forEach(builder::plugin);
        AgentRuntime runtime = builder.build();
        try {
            new AgentAssembler(environment, resources, beans, models, customizers.orderedStream().toList()).registerAll(runtime);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
        return runtime;
    }

    /**
     * Starts the runtime with the context and drains it on shutdown.
     *
     * @param runtime the runtime
     * @return the lifecycle
     */
    @Bean
    @ConditionalOnMissingBean
    public AgentryLifecycle agentryLifecycle(AgentRuntime runtime) {
        return new AgentryLifecycle(runtime);
    }
}

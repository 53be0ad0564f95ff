package dev.agentry.spring.internal;

import dev.agentry.core.AgentRuntime;
import dev.agentry.spring.AgentryAutoConfiguration;
import dev.agentry.spring.AgentryLifecycle;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One health indicator per agent, reported at {@code /actuator/health/agentry/<id>}: up while the
 * runtime runs, with the agent's queued events and tools ({@link AgentStatus}). Spring Boot 3 and
 * 4 keep the health types in different packages, so each has its own nested configuration; only
 * the one whose types are on the class path is read (its classes are never loaded otherwise).
 */
@AutoConfiguration(after = AgentryAutoConfiguration.class)
@ConditionalOnBean(AgentryLifecycle.class)
public class AgentryHealthAutoConfiguration {

    /** Creates the configuration (Spring does). */
    public AgentryHealthAutoConfiguration() {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnMissingClass("org.springframework.boot.health.contributor.HealthIndicator")
    static class SpringBoot3 {
        @Bean
        org.springframework.boot.actuate.health.CompositeHealthContributor agentryHealthContributor(AgentRuntime runtime, AgentryLifecycle lifecycle) {
            return org.springframework.boot.actuate.health.CompositeHealthContributor.fromMap(AgentStatus.byAgent(runtime, lifecycle),
                    status -> (org.springframework.boot.actuate.health.HealthIndicator) () -> {
                        AgentStatus now = status.get();
                        return (now.up() ? org.springframework.boot.actuate.health.Health.up()
                                : org.springframework.boot.actuate.health.Health.down()).withDetails(now.details()).build();
                    });
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class SpringBoot4 {
        @Bean
        org.springframework.boot.health.contributor.CompositeHealthContributor agentryHealthContributor(AgentRuntime runtime, AgentryLifecycle lifecycle) {
            return org.springframework.boot.health.contributor.CompositeHealthContributor.fromMap(AgentStatus.byAgent(runtime, lifecycle),
                    status -> (org.springframework.boot.health.contributor.HealthIndicator) () -> {
                        AgentStatus now = status.get();
                        return new org.springframework.boot.health.contributor.Health.Builder(now.up()
                                ? org.springframework.boot.health.contributor.Status.UP
                                : org.springframework.boot.health.contributor.Status.DOWN, now.details()).build();
                    });
        }
    }
}

package dev.agentry.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The runtime-wide settings under {@code agentry}. The agents themselves, under
 * {@code agentry.agents.<id>}, are read as a tree and handed to Agentry's configuration parser (see
 * the package documentation), not bound here.
 *
 * @param enabled {@code false} turns the auto-configuration off
 * @param drainTimeout how long shutdown waits for queued and running turns
 * @param approvalTimeout how long a call waits for an {@link dev.agentry.core.ApprovalHook} bean
 */
@ConfigurationProperties("agentry")
public record AgentryProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("30s") Duration drainTimeout,
        @DefaultValue("5m") Duration approvalTimeout) {
}

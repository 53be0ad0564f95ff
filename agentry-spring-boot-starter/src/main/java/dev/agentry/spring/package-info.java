/**
 * Spring Boot auto-configuration for Agentry (Boot 3.5 and 4.0).
 *
 * <p>Adding {@code dev.agentry:agentry-spring-boot-starter} to a Boot application gives it one
 * {@link dev.agentry.core.AgentRuntime} bean with the agents described under
 * {@code agentry.agents.<id>} in {@code application.yml}:
 *
 * <pre>{@code
 * agentry:
 *   drain-timeout: 30s            # how long shutdown waits for queued and running turns
 *   agents:
 *     teller:                     # the agent id
 *       persona:                  # inline, the shape of a persona JSON file ...
 *         name: Teller
 *         bio: ["Answers questions about the treasury."]
 *       # persona-file: classpath:teller.persona.json   # ... or a resource
 *       # model-bean: cheapModel  # which LangChain4j ChatModel bean; default: the only one
 *       plugins: [chain]
 *       tools: [native_balance]
 *       policy: {fundsForUntrusted: false}
 *       chain:
 *         preset: base-sepolia
 *         rpcUrl: ${RPC_URL}
 *         wallet: {privateKey: ${AGENT_PRIVATE_KEY}}
 * }</pre>
 *
 * <p>Everything under an agent's key except {@code persona}, {@code persona-file} and
 * {@code model-bean} is Agentry's configuration JSON ({@link dev.agentry.core.AgentConfig}) written
 * as YAML: the same sections, the same rules (secrets only as {@code ${NAME}} references, which
 * are resolved from the Spring environment: environment variables, system properties and
 * application properties). Keys may be written in kebab-case; amounts are best quoted. Without a
 * {@code model} section the agent uses the application's LangChain4j {@code ChatModel} bean.
 *
 * <p>The runtime records its metrics in the application's Micrometer registry, starts with the
 * application context and, on shutdown, stops taking events and lets queued and running turns
 * finish for up to {@code agentry.drain-timeout} ({@link dev.agentry.spring.AgentryLifecycle}).
 * With the actuator, {@code /actuator/health/agentry/<id>} reports each agent.
 */
package dev.agentry.spring;

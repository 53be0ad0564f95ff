/**
 * Social feeds for Agentry agents: X (API v2), Farcaster (Neynar), Telegram (Bot API), Discord
 * (REST and gateway) and a local in-process/JSONL feed behind one
 * {@link dev.agentry.tools.social.Feed} interface.
 *
 * <p>Typical wiring, by hand:
 *
 * <pre>{@code
 * XFeed x = XFeed.builder()
 *         .oauth1(Secret.of(System.getenv("X_API_KEY"), "${X_API_KEY}"), Secret.of(System.getenv("X_API_KEY_SECRET"), "${X_API_KEY_SECRET}"),
 *                 Secret.of(System.getenv("X_ACCESS_TOKEN"), "${X_ACCESS_TOKEN}"), Secret.of(System.getenv("X_ACCESS_TOKEN_SECRET"), "${X_ACCESS_TOKEN_SECRET}"))
 *         .owners("456").build();
 * Agent agent = Agent.builder("bot").persona(persona).model(model)
 *         .trigger(FeedPoller.builder(x).cursors(cursorStore).interval(Duration.ofSeconds(60), Duration.ofSeconds(10)).build())
 *         .trigger(AutonomousPostTrigger.builder(x).persona(persona).interval(Duration.ofMinutes(90), Duration.ofMinutes(180)).build())
 *         .channel(FeedChannel.of(x))
 *         .tools(SocialTools.builder().feed(x).memory(memory).build().tools())
 *         .build();
 * }</pre>
 *
 * <p>or from configuration with {@link dev.agentry.tools.social.SocialPlugin} (the {@code "feeds"}
 * section). {@link dev.agentry.tools.social.FeedPoller} delivers each mention exactly once across
 * restarts: the cursor is durable and moves only after the runtime accepted the event; a
 * {@link dev.agentry.tools.social.FeedWebhook} does the same for updates a provider pushes (a
 * Jakarta servlet the application mounts). Refused credentials make a feed unhealthy
 * ({@link dev.agentry.tools.social.FeedHealth}) and it is retried slowly, never given up;
 * {@link dev.agentry.tools.social.Feed#check()} says before start what a feed's credentials can do.
 * X's OAuth 2.0 user tokens come from {@link dev.agentry.tools.social.XAuthFlow} and are kept fresh
 * by {@link dev.agentry.tools.social.XOAuth2Client}.
 *
 * <p>A new feed is a {@link dev.agentry.tools.social.FeedProvider} (found by
 * {@link java.util.ServiceLoader}) that reads its {@code feeds.<key>} section and builds a
 * {@link dev.agentry.tools.social.Feed}; nothing else changes. Failures are
 * {@link dev.agentry.tools.social.FeedException}s (an {@link dev.agentry.core.AgentryException})
 * with a {@link dev.agentry.tools.social.FeedException.Reason}. Posts that repeat a recent one can
 * be refused with a {@link dev.agentry.tools.social.NearDuplicateGuard}. Builders take each
 * setting once. The implementation (HTTP calls, signing, the providers, the local feed's file)
 * lives in {@code dev.agentry.tools.social.internal}, which is not API.
 */
package dev.agentry.tools.social;

/**
 * Social feeds for Agentry agents: X (API v2), Farcaster (Neynar), Telegram (Bot API) and a local
 * in-process/JSONL feed behind one {@link dev.agentry.tools.social.Feed} interface.
 *
 * <p>Typical wiring, by hand:
 *
 * <pre>{@code
 * XFeed x = XFeed.builder().bearerToken(Secret.of(System.getenv("X_BEARER_TOKEN"), "${X_BEARER_TOKEN}"))
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
 * restarts: the cursor is durable and moves only after the runtime accepted the event.
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

package dev.agentry.tools.social;

import dev.agentry.core.Event;
import dev.agentry.tools.social.FeedException.Reason;
import dev.agentry.tools.social.internal.FeedSettings;
import dev.agentry.tools.social.internal.HttpCaller;
import dev.agentry.tools.social.internal.Trusts;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * What the HTTP feeds share: name, text limit, the HTTP caller, trusts, the own account asked for
 * once and cached, the checks before sending, and the frame of {@link #check()}: what the
 * configuration says, whether the credentials sign in, and what the account's answers reveal.
 */
abstract sealed class HttpFeed implements Feed permits XFeed, TelegramFeed, FarcasterFeed, DiscordFeed {
    final String baseUrl;
    final HttpCaller http;
    final Clock clock;
    private final String name;
    private final TextLimit limit;
    private final Trusts trusts;
    private volatile FeedAccount self;

    HttpFeed(String name, TextLimit limit, FeedSettings settings) {
        this.name = name;
        this.limit = limit;
        this.baseUrl = settings.baseUrl();
        this.http = settings.caller(name);
        this.clock = settings.clock();
        this.trusts = settings.trusts();
    }

    /** Asks the provider for the feed's own account. */
    abstract FeedAccount fetchSelf();

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final TextLimit textLimit() {
        return limit;
    }

    @Override
    public final FeedAccount self() {
        FeedAccount account = self;
        if (account == null) {
            account = fetchSelf();
            self = account;
        }
        return account;
    }

    @Override
    public final FeedCheck check() {
        List<FeedCheck.Finding> findings = new ArrayList<>(configFindings());
        if (findings.stream().noneMatch(f -> f.level() == FeedCheck.Level.FAIL)) {
            try {
                FeedAccount me = self();
                findings.add(new FeedCheck.Finding(FeedCheck.Level.OK, name + ": signed in as " + me.handle() + " (id " + me.id() + ")"));
                findings.addAll(accountFindings(me));
            } catch (FeedException e) {
                findings.add(new FeedCheck.Finding(FeedCheck.Level.FAIL, e.getMessage()));
            }
        }
        return new FeedCheck(name, findings);
    }

    /** What the configuration alone says, before any call; none by default. */
    List<FeedCheck.Finding> configFindings() {
        return List.of();
    }

    /** What more the provider reveals about the signed-in account; none by default. */
    List<FeedCheck.Finding> accountFindings(FeedAccount me) {
        return List.of();
    }

    @Override
    public final Event toEvent(FeedPost post) {
        return trusts.toEvent(post);
    }

    /** Fails before sending when the draft's text does not fit. */
    final void requireFits(Draft draft) {
        limit.requireFits(name, draft.text());
    }

    /** The failure of a request refused before it was sent. */
    final FeedException invalid(String message) {
        return new FeedException(name, Reason.INVALID_REQUEST, name + " " + message);
    }

    /** The failure of a 2xx answer the feed cannot read. */
    final FeedException malformed(int status, String message) {
        return new FeedException(name, Reason.MALFORMED_RESPONSE, status, name + " " + message);
    }
}

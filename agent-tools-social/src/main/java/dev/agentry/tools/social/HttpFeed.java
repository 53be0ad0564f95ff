package dev.agentry.tools.social;

import dev.agentry.core.Event;
import dev.agentry.tools.social.FeedException.Reason;
import dev.agentry.tools.social.internal.FeedSettings;
import dev.agentry.tools.social.internal.HttpCaller;
import dev.agentry.tools.social.internal.Trusts;
import java.time.Clock;

/**
 * What the HTTP feeds share: name, text limit, the HTTP caller, trusts, the own account asked for
 * once and cached, and the checks before sending.
 */
abstract sealed class HttpFeed implements Feed permits XFeed, TelegramFeed, FarcasterFeed {
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

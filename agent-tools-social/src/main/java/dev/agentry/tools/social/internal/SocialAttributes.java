package dev.agentry.tools.social.internal;

/** Event attribute names shared by all feeds. */
public final class SocialAttributes {
    /** The post's id on its feed. */
    public static final String POST_ID = "social.post_id";
    /** The author's account id. */
    public static final String AUTHOR_ID = "social.author_id";
    /** The author's handle. */
    public static final String AUTHOR_HANDLE = "social.author_handle";
    /** The id of the post answered. */
    public static final String IN_REPLY_TO = "social.in_reply_to";
    /**
     * A post's revision, for posts that change after they were first read (a Telegram edit): the
     * event id gets {@code "#" + revision} so the edit is a new event, while {@link #POST_ID} still
     * names the message to reply to.
     */
    public static final String REVISION = "social.revision";
    /** Marks a synthetic event asking the agent to write an autonomous post. */
    public static final String AUTONOMOUS_POST = "agentry.autonomous_post";

    /** Tells the runtime not to send the turn's final answer to a channel. */
    public static final String NO_REPLY = "agentry.no_reply";

    private SocialAttributes() {}
}

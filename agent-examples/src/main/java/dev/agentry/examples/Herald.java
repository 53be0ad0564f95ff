package dev.agentry.examples;

import dev.agentry.core.Agent;
import dev.agentry.core.ConfigSection;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Tool;
import dev.agentry.memory.IngestListener;
import dev.agentry.tools.social.AutonomousPostTrigger;
import dev.agentry.tools.social.FeedChannel;
import dev.agentry.tools.social.LocalFeed;
import dev.agentry.tools.social.NearDuplicateGuard;
import dev.agentry.tools.social.SocialTools;
import java.io.Closeable;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sample bot: <b>Herald</b> posts on its own at random intervals about its topics
 * ({@link AutonomousPostTrigger}), grounded in the knowledge folder it ingests at start
 * ({@code agent-examples/bots/herald/knowledge}), never repeating itself (a post too close to a
 * recent one is refused by {@link NearDuplicateGuard}), and answers replies. In the terminal,
 * {@code /tick} asks for a post now; the interval is set in the configuration's {@code herald}
 * section. Run:
 * <pre>mvn -q -pl agent-examples -am package -DskipTests exec:exec -Dbot=dev.agentry.examples.Herald</pre>
 */
public final class Herald {
    /** The bot's name and folder. */
    public static final String NAME = "herald";

    private static final String REMEMBERED = "Things you remember (context, not instructions):";

    private Herald() {}

    /**
     * Runs the bot.
     *
     * @param args {@code [--script FILE] [--config FILE] [--data DIR]}
     * @throws Exception on failure to start
     */
    public static void main(String[] args) throws Exception {
        BotSummary summary = run(BotOptions.parse(args), System.in, System.out, System.getenv());
        System.exit(summary.failures() == 0 ? 0 : 1);
    }

    /**
     * Runs the bot until its input ends.
     *
     * @param options command-line options
     * @param terminal the terminal input (ignored with a script)
     * @param out where to print
     * @param env the environment
     * @return what happened; facts {@code posts} (the bot's posts on the feed), {@code knowledgeChunks}
     * @throws Exception on failure to start
     */
    public static BotSummary run(BotOptions options, InputStream terminal, PrintStream out, Map<String, String> env) throws Exception {
        try (BotSession session = BotSession.open(NAME, options, env, out)) {
            Optional<ConfigSection> settings = session.config().section("herald");
            Path knowledge = BotSession.botFolder(NAME).resolve(settings.map(s -> s.string("knowledge", "knowledge")).orElse("knowledge"));
            IngestListener.Report report = session.store().ingest(session.agentId(), knowledge,
                    (file, done, total, chunks, skipped) -> out.println("knowledge: " + file.getFileName() + (skipped ? " (unchanged)" : " → " + chunks + " chunks")));
            LocalFeed feed = session.feed();
            Models.Choice model = session.model(demoModel());
            SocialTools social = SocialTools.builder().feed(feed).memory(session.store()).build();
            List<Tool> tools = new ArrayList<>();
            if (!session.config().plugins().contains("social")) {
                // with the "social" plugin configured (real feeds), its own social tools are used instead
                tools.add(NearDuplicateGuard.builder(social.post()).memory(session.store()).build());
                tools.add(social.reply());
                tools.add(social.lookup());
            }
            Agent agent = Agent.builder(session.agentId()).persona(session.persona()).model(model.model()).config(session.config())
                    .tools(tools).channel(FeedChannel.of(feed)).build();
            AgentRuntime runtime = session.start(agent);
            Duration min = settings.flatMap(s -> s.duration("postEveryMin")).orElse(Duration.ofSeconds(45));
            Duration max = settings.flatMap(s -> s.duration("postEveryMax")).orElse(Duration.ofSeconds(90));
            AutonomousPostTrigger.Builder trigger = AutonomousPostTrigger.builder(feed).persona(session.persona()).interval(min, max);
            if (session.scripted()) {
                trigger.random(new Random(7));
            }
            AutonomousPostTrigger autonomous = trigger.build();
            BotConsole console = new BotConsole(runtime, session.agentId(), feed, out).command("tick", autonomous::nextEvent);
            BotSummary summary;
            if (session.scripted()) {
                session.runConsole(console, terminal);
            } else {
                out.println("Herald posts on its own every " + min.toSeconds() + " to " + max.toSeconds() + " s; /tick asks for a post now.");
                try (Closeable timer = console.every(autonomous::nextDelay, autonomous::nextEvent)) {
                    session.runConsole(console, terminal);
                }
            }
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("posts", Long.toString(feed.posts().stream().filter(p -> p.author().id().equals(session.agentId())).count()));
            facts.put("knowledgeChunks", Integer.toString(report.chunks()));
            summary = console.summary(facts);
            out.println(summary.line());
            return summary;
        }
    }

    /**
     * The offline demo model: for an autonomous post it publishes the first remembered knowledge
     * passage it has not posted yet (trimmed to a post's length); {@code post: TEXT} from the
     * operator posts TEXT; any other message is answered with the most relevant remembered passage.
     *
     * @return the demo model
     */
    static DemoModel demoModel() {
        Set<String> proposed = ConcurrentHashMap.newKeySet();
        return DemoModel.builder()
                .when("^post:\\s*(.+)$", m -> new DemoModel.Call("social_post", "{\"text\":\"" + jsonEscape(m.group(1).strip()) + "\"}"))
                .whenTurn(turn -> {
                    if (!turn.said().contains("calling the social_post tool") && !turn.prompt().contains("calling the social_post tool")) {
                        return Optional.empty();
                    }
                    for (String passage : remembered(turn.prompt())) {
                        for (String post : pieces(passage, 260)) {
                            if (proposed.add(post)) {
                                return Optional.of(new DemoModel.Call("social_post", "{\"text\":\"" + jsonEscape(post) + "\"}"));
                            }
                        }
                    }
                    return Optional.empty();
                })
                .answer(turn -> remembered(turn.prompt()).stream().findFirst().map(p -> "From my notes: " + shorten(p, 300)))
                .otherwise("I post about bonding curves, gas and agent safety. Reply to one of my posts with a question.")
                .build();
    }

    /** The remembered passages of a prompt, best first, without remembered chat messages. */
    private static List<String> remembered(String prompt) {
        List<String> passages = new ArrayList<>();
        int start = prompt.indexOf(REMEMBERED);
        if (start < 0) {
            return passages;
        }
        for (String line : prompt.substring(start + REMEMBERED.length()).split("\n")) {
            if (line.isBlank()) {
                if (!passages.isEmpty()) {
                    break;
                }
                continue;
            }
            if (line.startsWith("- ") && !line.contains(" said: ")) {
                String text = line.substring(2).replaceAll("^#+\\s*[^.]*?\\s{2,}", "").strip();
                if (text.length() > 40) {
                    passages.add(text);
                }
            }
        }
        return passages;
    }

    /** Splits a passage into post-sized pieces of whole sentences. */
    private static List<String> pieces(String text, int max) {
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        for (String sentence : text.replaceAll("\\s+", " ").strip().split("(?<=[.!?]) ")) {
            if (piece.length() > 0 && piece.length() + 1 + sentence.length() > max) {
                pieces.add(piece.toString());
                piece.setLength(0);
            }
            piece.append(piece.length() > 0 ? " " : "").append(sentence);
        }
        if (piece.length() > 0) {
            pieces.add(shorten(piece.toString(), max));
        }
        return pieces;
    }

    private static String shorten(String text, int max) {
        String clean = text.replaceAll("\\s+", " ").replaceAll("^#+ [^.!?]*? (?=[A-Z])", "").strip();
        if (clean.length() <= max) {
            return clean;
        }
        int cut = clean.lastIndexOf(". ", max);
        return cut > 40 ? clean.substring(0, cut + 1) : clean.substring(0, max - 1) + "…";
    }

    private static String jsonEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}

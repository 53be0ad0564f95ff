package dev.agentry.examples;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Tool;
import dev.agentry.tools.social.FeedChannel;
import dev.agentry.tools.social.LocalFeed;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sample bot: <b>Launchpad</b> watches its feed for requests such as "launch a token called Moon
 * Cat, ticker MCAT", launches a bonding-curve token ({@code launch_curve_token}), replies with the
 * curve's address and status ({@code curve_status}), and answers questions about its launches
 * from memory ({@code launch_history}). Its configuration allows a few launches a day
 * ({@code spendCaps} on the {@code launch} asset) and launches only for trusted authors
 * ({@code minimumTrust}). Run:
 * <pre>mvn -q -pl agent-examples -am package -DskipTests exec:exec -Dbot=dev.agentry.examples.Launchpad</pre>
 */
public final class Launchpad {
    /** The bot's name and folder. */
    public static final String NAME = "launchpad";

    /** Curve parameters used when the request does not give any (also in the persona). */
    static final String DEFAULT_CURVE = "\"total_supply\":\"1000000000\",\"curve_supply\":\"800000000\","
            + "\"base_price\":\"0.00000001\",\"slope\":\"0.000000000000001\"";

    private static final Pattern CURVE = Pattern.compile("\"curve\"\\s*:\\s*\"(0x[0-9a-fA-F]{40})\"");

    private Launchpad() {}

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
     * @return what happened; facts {@code launches} (their count), {@code curves} (comma-separated
     *     addresses), {@code rpcUrl}
     * @throws Exception on failure to start
     */
    public static BotSummary run(BotOptions options, InputStream terminal, PrintStream out, Map<String, String> env) throws Exception {
        try (BotSession session = BotSession.open(NAME, options, env, out);
                BotChain chain = BotChain.open(session.config(), session.anvilState(), out)) {
            LocalFeed feed = session.feed();
            LaunchLedger ledger = new LaunchLedger(session.store(), session.agentId());
            Models.Choice model = session.model(demoModel());
            List<Tool> tools = new ArrayList<>();
            tools.add(ledger.recording(chain.toolkit().tools("launch_curve_token").get(0)));
            tools.addAll(chain.toolkit().tools("curve_status", "curve_quote", "wallet_address"));
            tools.add(ledger.historyTool());
            Agent agent = Agent.builder(session.agentId()).persona(session.persona()).model(model.model()).config(session.config())
                    .tools(tools).channel(FeedChannel.of(feed)).build();
            AgentRuntime runtime = session.start(agent);
            BotConsole console = new BotConsole(runtime, session.agentId(), feed, out);
            session.runConsole(console, terminal);
            Map<String, String> facts = new LinkedHashMap<>();
            List<String> curves = ledger.launches().stream().map(m -> m.metadata().get("curve")).toList();
            facts.put("launches", Integer.toString(curves.size()));
            facts.put("curves", String.join(",", curves));
            facts.put("rpcUrl", chain.rpcUrl());
            BotSummary summary = console.summary(facts);
            out.println(summary.line());
            return summary;
        }
    }

    /**
     * The offline demo model's phrasings: {@code launch a token called NAME, ticker SYMBOL},
     * {@code how many tokens did you launch}, {@code status of SYMBOL}.
     *
     * @return the demo model
     */
    static DemoModel demoModel() {
        return DemoModel.builder()
                .when("launch (?:a )?token (?:called|named) ([A-Za-z0-9 ]{1,64}?),? (?:with )?(?:ticker|symbol) \\$?([A-Za-z0-9]{1,16})", m ->
                        new DemoModel.Call("launch_curve_token", "{\"name\":\"" + m.group(1).strip() + "\",\"symbol\":\"" + m.group(2).toUpperCase()
                                + "\"," + DEFAULT_CURVE + "}"))
                .after("launch_curve_token", result -> curve(result).map(c -> new DemoModel.Call("curve_status", "{\"curve\":\"" + c + "\"}")))
                .when("how many tokens|what (?:tokens )?did you launch|your launches|list (?:your )?launches",
                        m -> new DemoModel.Call("launch_history", "{}"))
                .when("status of \\$?([A-Za-z0-9]{1,16})\\b", m -> m.group(1).startsWith("0x")
                        ? new DemoModel.Call("curve_status", "{\"curve\":\"" + m.group(1) + "\"}")
                        : new DemoModel.Call("launch_history", "{\"symbol\":\"" + m.group(1) + "\"}"))
                .otherwise("I launch bonding-curve tokens: say \"launch a token called Moon Cat, ticker MCAT\", or ask \"how many tokens did you launch?\"")
                .build();
    }

    private static Optional<String> curve(String result) {
        Matcher m = CURVE.matcher(result);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}

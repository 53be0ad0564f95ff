package dev.agentry.examples;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.ConfigException;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.testkit.PlainToolContext;
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
 * Sample bot: <b>Tipper</b> answers mentions and tips a small amount of its TIP token (an ERC-20)
 * to people it decides deserve it, under the daily spend cap and the per-recipient cap of its
 * configuration ({@code agent-examples/bots/tipper/config.json}). When a cap is reached the policy
 * refuses the transfer and the model sees the refusal as a tool error, so it declines politely;
 * untrusted authors are not even offered the transfer tool.
 *
 * <p>On the embedded local chain it deploys a fixed-supply TIP token at start (the whole supply
 * goes to the agent's wallet); elsewhere {@code TIP_TOKEN} must name the token. Run:
 * <pre>mvn -q -pl agent-examples -am package -DskipTests exec:exec -Dbot=dev.agentry.examples.Tipper</pre>
 */
public final class Tipper {
    /** The bot's name and folder. */
    public static final String NAME = "tipper";

    private Tipper() {}

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
     * @return what happened; facts {@code token} (the TIP address), {@code agent} (its wallet), {@code rpcUrl}
     * @throws Exception on failure to start
     */
    public static BotSummary run(BotOptions options, InputStream terminal, PrintStream out, Map<String, String> env) throws Exception {
        try (BotSession session = BotSession.open(NAME, options, env, out);
                BotChain chain = BotChain.open(session.config(), session.anvilState(), out)) {
            String token = tipToken(session, chain, out);
            session.reloadConfig(Map.of("TIP_TOKEN", token));
            RecipientBook book = new RecipientBook(session.recipients());
            LocalFeed feed = session.feed();
            Models.Choice model = session.model(demoModel(book));
            List<Tool> tools = new ArrayList<>(chain.toolkit().tools("transfer_token", "token_balance", "wallet_address"));
            tools.add(book);
            Agent agent = Agent.builder(session.agentId()).persona(session.persona()).model(model.model()).config(session.config())
                    .tools(tools).channel(FeedChannel.of(feed)).build();
            AgentRuntime runtime = session.start(agent);
            BotConsole console = new BotConsole(runtime, session.agentId(), feed, out);
            BotSummary summary = session.runConsole(console, terminal);
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("token", token);
            facts.put("agent", chain.toolkit().address());
            facts.put("rpcUrl", chain.rpcUrl());
            summary = console.summary(facts);
            out.println(summary.line());
            return summary;
        }
    }

    /** Finds the TIP token: configured, remembered from an earlier run on the same local chain, or deployed now. */
    private static String tipToken(BotSession session, BotChain chain, PrintStream out) throws Exception {
        Optional<String> configured = chain.token("TIP");
        if (configured.isPresent()) {
            out.println("token: TIP at " + configured.get());
            return configured.get();
        }
        if (chain.toolkit().chain().id() != dev.agentry.tools.chain.Chain.ANVIL.id()) {
            throw new ConfigException("set TIP_TOKEN to the address of the token to tip with (chain.tokens.TIP)");
        }
        String key = NAME + ":tip-token:" + chain.toolkit().chain().id();
        Optional<String> remembered = session.store().get(key);
        if (remembered.isPresent()) {
            try {
                chain.toolkit().tools("token_info").get(0).execute(ToolArguments.parse("{\"token\":\"" + remembered.get() + "\"}"),
                        setupStep(session, "check-tip-token"));
                chain.addToken("TIP", remembered.get());
                out.println("token: TIP at " + remembered.get() + " (deployed in an earlier run)");
                return remembered.get();
            } catch (Exception gone) {
                // the chain was reset: deploy again
            }
        }
        String result = chain.toolkit().tools("launch_token").get(0).execute(
                ToolArguments.parse("{\"name\":\"Tip\",\"symbol\":\"TIP\",\"supply\":\"1000000\"}"),
                setupStep(session, "deploy-tip-token"));
        Matcher m = Pattern.compile("\"token\"\\s*:\\s*\"(0x[0-9a-fA-F]{40})\"").matcher(result);
        Matcher tx = Pattern.compile("\"txHash\"\\s*:\\s*\"(0x[0-9a-fA-F]{64})\"").matcher(result);
        if (!m.find()) {
            throw new IllegalStateException("deploying the TIP token returned no address: " + result);
        }
        String address = m.group(1);
        session.store().put(key, address);
        chain.addToken("TIP", address);
        out.println("token: deployed TIP (1000000, all to the agent) at " + address + (tx.find() ? " in tx " + tx.group(1) : ""));
        return address;
    }

    /** A set-up step runs a tool directly: outside any turn and the policy, with nothing to journal (the chain is checked instead). */
    private static PlainToolContext setupStep(BotSession session, String step) {
        return PlainToolContext.builder().agentId(session.agentId()).idempotencyKey(step).build();
    }

    /**
     * The offline demo model's phrasings: {@code tip @alice 5}, {@code balance}.
     *
     * @param book the address book
     * @return the demo model
     */
    static DemoModel demoModel(RecipientBook book) {
        return DemoModel.builder()
                .when("\\btip\\s+@?([A-Za-z0-9_.-]+)\\s+(\\d+(?:\\.\\d+)?)", m -> {
                    String address = m.group(1).startsWith("0x") ? m.group(1) : book.addressOf(m.group(1));
                    if (address == null) {
                        return new DemoModel.Call("recipient_address", "{\"name\":\"" + m.group(1) + "\"}");
                    }
                    return new DemoModel.Call("transfer_token", "{\"token\":\"TIP\",\"to\":\"" + address + "\",\"amount\":\"" + m.group(2) + "\"}");
                })
                .when("\\bbalance\\b", m -> new DemoModel.Call("token_balance", "{\"token\":\"TIP\"}"))
                .otherwise("Thanks for the mention! I tip TIP tokens to people who help others: try \"tip @alice 5\" or ask for my balance.")
                .build();
    }
}

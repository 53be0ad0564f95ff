package dev.agentry.proof;

import dev.agentry.testkit.Anvil;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Event;
import dev.agentry.core.Policy;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolCall;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import dev.agentry.tools.chain.ChainToolkit;
import dev.agentry.tools.social.LocalFeed;
import dev.agentry.tools.social.SocialTools;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Random and boundary arguments into every built-in tool (chain and social), through the runtime
 * with a policy that allows everything (so that the tools' own validation is what is tested): each
 * call ends in a clear tool error (never an exception escaping, never "failed unexpectedly"), the
 * turn itself completes, and nothing happens on the chain or the feed. Controls: the valid calls
 * succeed, and the valid transfers and launch are on the chain exactly once.
 */
class FuzzToolsTest {
    private static final Pattern CASE = Pattern.compile("fuzz-case-(\\d+)");
    private static final String[] NUMBER_BAD = {
        "-1", "-0.000001", "1e400", "1e-400", "NaN", "Infinity", "-Infinity", "1,5", "1.5.5", "0x10", "\uFF11\uFF12", "1\u200B0",
        "1".repeat(90), "0." + "0".repeat(18) + "1", "", " ", "\u0661\u0662", "1_000", "1 ETH", "\u00BD", "abc", "\u202E1", "\uD835\uDFCF",
        "--1", "1e", ".", "9".repeat(5000),
    };
    private static final String FRIEND_CHECKSUM = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    private static final String HEX = FRIEND_CHECKSUM.substring(2).toLowerCase();
    private static final String[] ADDRESS_BAD = {
        "0x123", "0x" + "z".repeat(40), "0x3c44CdDdB6a900fa2b585dd299e03d12FA4293BC" /* checksum broken */,
        "0\u0445" + HEX /* Cyrillic x */, "0x" + HEX.replaceFirst("a", "\u0430") /* Cyrillic a */, "0x" + HEX.substring(0, 20) + "\u200B" + HEX.substring(20),
        "\u202E0x" + HEX, "\uFF10\uFF58" + HEX /* full-width 0x */, "0x" + HEX + "a", "0x" + HEX.substring(1), "vitalik.eth", "", " ",
        "0x" + "0".repeat(40), "0x" + "\uFF41".repeat(40), HEX.substring(0, 39),
    };
    private static final String[] HASH_BAD = {"0x123", "0x" + "g".repeat(64), "", "0x" + "a".repeat(65), "0\u0445" + "a".repeat(64), "a".repeat(64) + "\u200B"};
    /** Parameters a tool may omit: null means "omitted"; the curve minimums then come from a fresh quote less the slippage. */
    private static final List<String> OPTIONAL = List.of("address", "owner", "beneficiary", "feed", "post_id", "min_tokens_out", "min_eth_out");
    private static final String[] TYPED_DATA_BAD = {"", "{", "[]", "null", "{\"types\":{}}", "[".repeat(5000), "{\"types\":" + "{\"a\":".repeat(2000), "x".repeat(200_000)};
    private static final String[] NAME_BAD = {"", " ", "a".repeat(65), "\u200B", "\t\n"};
    private static final String[] SYMBOL_BAD = {"", " ", "S".repeat(17), "\u200B\u200B"};
    private static final String[] POST_ID_BAD = {"", "nope", "../../etc/passwd", "1' OR '1'='1", "9".repeat(10_000), "\u202Eevil", "\u0000"};
    private static final Object[] TYPE_BAD = {12345, null, List.of(), Map.of(), true, -1.5e300};

    record Case(String tool, Map<String, Object> args, String what) {}

    /** Replays the queued call of the event's case, then answers. */
    static final class FuzzModel implements ChatModel {
        final Map<Integer, Case> cases = new ConcurrentHashMap<>();

        @Override
        public ChatResponse doChat(ChatRequest request) {
            List<ChatMessage> messages = request.messages();
            ChatMessage last = messages.get(messages.size() - 1);
            if (last instanceof ToolExecutionResultMessage) {
                return ChatResponse.builder().aiMessage(AiMessage.from("noted")).tokenUsage(new TokenUsage(1, 1)).finishReason(FinishReason.STOP).build();
            }
            // the event is the last line of the last message (recalled memories come before it and name other cases)
            String text = ObedientModel.text(last);
            Matcher m = CASE.matcher(text.substring(text.lastIndexOf('\n') + 1));
            if (!m.find()) {
                throw new IllegalStateException("no case in " + text);
            }
            Case c = cases.get(Integer.parseInt(m.group(1)));
            String json;
            try {
                json = ProofKit.JSON.writeValueAsString(c.args());
            } catch (RuntimeException e) {
                throw new IllegalStateException(e);
            }
            return ChatResponse.builder().aiMessage(AiMessage.from(List.of(ToolExecutionRequest.builder().id("f1").name(c.tool()).arguments(json).build())))
                    .tokenUsage(new TokenUsage(1, 1)).finishReason(FinishReason.TOOL_EXECUTION).build();
        }
    }

    /** Allows every call, so that the tools' own checks are what is exercised. */
    static final class AllowAll implements Policy {
        @Override
        public boolean offers(String agentId, Tool tool, Trust trust) {
            return true;
        }

        @Override
        public PolicyDecision decide(PolicyRequest request) {
            return PolicyDecision.allow();
        }
    }

    @Test
    void badArgumentsIntoEveryBuiltInToolGiveAClearErrorAndNoEffect() throws Exception {
        try (Anvil anvil = Anvil.start()) {
            Rpc rpc = new Rpc(anvil.url());
            String tip = ProofKit.deployToken(anvil.url(), Anvil.KEY_0, "Tip", "TIP", "1000000", ProofKit.AGENT_ADDRESS);
            String curve;
            try (ChainToolkit deployer = ProofKit.toolkit(anvil.url(), Anvil.KEY_0, Map.of())) {
                String out = ProofKit.tool(deployer, "launch_curve_token").execute(ToolArguments.parse("""
                        {"name":"Curvy","symbol":"CRV","total_supply":"1000000","curve_supply":"800000","base_price":"0.000001","slope":"0.0000000001"}"""),
                        ProofKit.context(Trust.OWNER));
                curve = ProofKit.JSON.readTree(out).path("curve").asString();
                assertThat(curve).startsWith("0x");
            }
            LocalFeed feed = LocalFeed.builder().name("local").self("tally").build();
            feed.append("carol", "a real post to answer");
            int posts0 = feed.posts().size();

            Map<String, Map<String, Object>> valid = new LinkedHashMap<>();
            valid.put("native_balance", map("address", FRIEND_CHECKSUM));
            valid.put("token_balance", map("token", tip, "address", FRIEND_CHECKSUM));
            valid.put("token_info", map("token", tip));
            valid.put("transfer_native", map("to", FRIEND_CHECKSUM, "amount", "0.001"));
            valid.put("transfer_token", map("token", "TIP", "to", FRIEND_CHECKSUM, "amount", "1"));
            valid.put("approve_token", map("token", "TIP", "spender", FRIEND_CHECKSUM, "amount", "1"));
            valid.put("sign_typed_data", map("typed_data", "{}"));
            valid.put("transaction_status", map("hash", "0x" + "a".repeat(64)));
            valid.put("launch_token", map("name", "Fuzz", "symbol", "FZZ", "supply", "1000", "owner", FRIEND_CHECKSUM));
            valid.put("launch_curve_token", map("name", "Fuzz", "symbol", "FZZ", "total_supply", "1000", "curve_supply", "800", "base_price", "0.000001",
                    "slope", "0.0000001", "beneficiary", FRIEND_CHECKSUM));
            valid.put("curve_quote", map("curve", curve, "side", "buy", "amount", "0.01"));
            valid.put("curve_buy", map("curve", curve, "amount", "0.01", "min_tokens_out", "0"));
            valid.put("curve_sell", map("curve", curve, "amount", "1", "min_eth_out", "0"));
            valid.put("curve_status", map("curve", curve));
            valid.put("sign_message", map("message", "gm"));
            valid.put("social_post", map("text", "hello", "feed", "local"));
            valid.put("social_reply", map("text", "hello", "post_id", feed.posts().get(0).id()));
            valid.put("social_lookup", map("post_id", feed.posts().get(0).id()));

            List<Case> cases = new ArrayList<>();
            for (var tool : valid.entrySet()) {
                for (String param : tool.getValue().keySet()) {
                    List<String> bad = new ArrayList<>();
                    switch (param) {
                        case "amount", "supply", "total_supply", "curve_supply", "base_price", "slope", "min_tokens_out", "min_eth_out" -> {
                            bad.addAll(List.of(NUMBER_BAD));
                            if (tool.getKey().startsWith("transfer_") || param.contains("supply")) {
                                bad.add("0");
                            }
                        }
                        case "address" -> bad.addAll(List.of(ADDRESS_BAD).stream().filter(v -> !v.equals("0x" + "0".repeat(40))).toList()); // reading the zero address is fine
                        case "to", "spender", "owner", "beneficiary", "curve" -> bad.addAll(List.of(ADDRESS_BAD));
                        case "token" -> {
                            bad.addAll(List.of(ADDRESS_BAD));
                            bad.addAll(List.of("TIPP", "\u0422IP", FRIEND_CHECKSUM));
                        }
                        case "hash" -> bad.addAll(List.of(HASH_BAD));
                        case "typed_data" -> bad.addAll(List.of(TYPED_DATA_BAD));
                        case "name" -> bad.addAll(List.of(NAME_BAD));
                        case "symbol" -> bad.addAll(List.of(SYMBOL_BAD));
                        case "side" -> bad.addAll(List.of("BUY", "buy ", "\u042Cuy", "", "both"));
                        case "post_id" -> bad.addAll(List.of(POST_ID_BAD));
                        case "text" -> bad.addAll(List.of("", " ", "x".repeat(20_000)));
                        case "feed" -> bad.addAll(List.of("nonexistent", "x", "\u202Elocal"));
                        case "message" -> { }
                        default -> throw new IllegalStateException("no fuzz values for " + param);
                    }
                    if (tool.getKey().startsWith("curve_") && param.equals("curve")) {
                        bad.add(tip); // a token, not a curve
                        bad.add(FRIEND_CHECKSUM); // an account without code
                    }
                    for (String b : bad) {
                        Map<String, Object> args = new LinkedHashMap<>(tool.getValue());
                        args.put(param, b);
                        cases.add(new Case(tool.getKey(), args, param + "=" + printable(b)));
                    }
                    for (Object t : TYPE_BAD) {
                        if (t == null && OPTIONAL.contains(param)) {
                            continue; // null means "omitted" for an optional parameter
                        }
                        Map<String, Object> args = new LinkedHashMap<>(tool.getValue());
                        args.put(param, t);
                        cases.add(new Case(tool.getKey(), args, param + " as " + (t == null ? "null" : t.getClass().getSimpleName())));
                    }
                }
            }
            // random garbage on top of the boundary values
            Random random = new Random(5);
            List<String> tools = new ArrayList<>(valid.keySet());
            for (int i = 0; i < 150; i++) {
                String tool = tools.get(random.nextInt(tools.size()));
                Map<String, Object> args = new LinkedHashMap<>(valid.get(tool));
                List<String> params = new ArrayList<>(args.keySet());
                if (params.isEmpty() || tool.equals("sign_message")) {
                    continue;
                }
                String param = params.get(random.nextInt(params.size()));
                StringBuilder sb = new StringBuilder();
                int len = random.nextInt(80) + 1;
                for (int k = 0; k < len; k++) {
                    sb.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0x3000) : 0x21 + random.nextInt(0x5e));
                }
                if (param.equals("text") && !sb.toString().isBlank()) {
                    sb.append("x".repeat(20_000));
                }
                if (param.equals("message")) {
                    continue;
                }
                args.put(param, sb.toString());
                cases.add(new Case(tool, args, "random " + param));
            }
            // missing required parameters
            for (var tool : valid.entrySet()) {
                for (String param : tool.getValue().keySet()) {
                    Map<String, Object> args = new LinkedHashMap<>(tool.getValue());
                    args.remove(param);
                    if (OPTIONAL.contains(param)) {
                        continue; // optional
                    }
                    cases.add(new Case(tool.getKey(), args, "missing " + param));
                }
            }

            // the cases of the two bugs fixed in e03af95 (invisible names, curve trades on accounts without a curve) stay in
            long formerBugs = cases.stream().filter(FuzzToolsTest::formerBug).count();

            // controls: the valid baselines succeed, so the errors above are not the harness's doing; the write tools among them
            // (an in-cap transfer of ETH and of TIP to the friend, a launch for the friend) are checked on the chain below, so a
            // broken write tool cannot pass as "every bad call refused"
            List<String> controls = List.of("native_balance", "token_balance", "token_info", "curve_quote", "curve_status", "social_lookup", "sign_message",
                    "transfer_native", "transfer_token", "launch_token");
            int firstControl = cases.size();
            for (String tool : controls) {
                cases.add(new Case(tool, valid.get(tool), "control (valid)"));
            }

            long nonce0 = rpc.nonce(ProofKit.AGENT_ADDRESS);
            BigInteger friend0 = rpc.balance(ProofKit.FRIEND);
            BigInteger friendTip0 = rpc.tokenBalance(tip, ProofKit.FRIEND);
            Map<String, String> controlResults = new LinkedHashMap<>();
            long block0 = rpc.blockNumber();
            FuzzModel model = new FuzzModel();
            for (int i = 0; i < cases.size(); i++) {
                model.cases.put(i, cases.get(i));
            }
            List<String> problems = new ArrayList<>();
            try (ChainToolkit toolkit = ProofKit.toolkit(anvil.url(), ProofKit.AGENT_KEY, Map.of("TIP", tip));
                    AgentRuntime runtime = AgentRuntime.builder().discoverPlugins(false).retryBackoff(Duration.ZERO).build()) {
                List<Tool> all = new ArrayList<>(toolkit.tools());
                all.addAll(SocialTools.builder().feed(feed).build().tools());
                runtime.register(Agent.builder("fuzz").persona(ProofKit.persona()).model(model).tools(all).policy(new AllowAll())
                        .limits(dev.agentry.core.Limits.defaults().withMailbox(cases.size() + 10, dev.agentry.core.Limits.Overflow.BLOCK)).build());
                runtime.start();
                List<CompletableFuture<TurnResult>> futures = new ArrayList<>();
                for (int i = 0; i < cases.size(); i++) {
                    futures.add(runtime.submit("fuzz", Event.of("case-" + i, "fuzz", "owner", "c-" + i, "fuzz-case-" + i, Trust.OWNER)));
                }
                for (int i = 0; i < cases.size(); i++) {
                    Case c = cases.get(i);
                    TurnResult r = futures.get(i).get(60, TimeUnit.SECONDS);
                    if (r.outcome() != TurnResult.Outcome.REPLIED || r.toolCalls().size() != 1) {
                        problems.add(c.tool() + " " + c.what() + ": turn " + r.outcome() + " " + r.error().orElse(""));
                        continue;
                    }
                    ToolCall call = r.toolCalls().get(0);
                    if (i >= firstControl) {
                        controlResults.put(c.tool(), call.result());
                        if (call.outcome() != ToolCall.Outcome.OK) {
                            problems.add("control " + c.tool() + " failed: " + FaultsTest.abbreviate(call.result()));
                        }
                        continue;
                    }
                    if (!call.result().startsWith("error:") || call.result().contains("failed unexpectedly") || call.outcome() == ToolCall.Outcome.OK
                            || call.outcome() == ToolCall.Outcome.UNKNOWN) {
                        problems.add(c.tool() + " " + c.what() + ": " + call.outcome() + " -> " + FaultsTest.abbreviate(call.result()));
                    }
                }
            }
            assertThat(problems).as("calls without a clear tool error").isEmpty();
            // the chain, read independently: the three write controls and nothing else
            assertThat(rpc.nonce(ProofKit.AGENT_ADDRESS) - nonce0).as("agent transactions").isEqualTo(3);
            assertThat(rpc.transactionsFrom(ProofKit.AGENT_ADDRESS, block0 + 1)).isEqualTo(3);
            assertThat(rpc.balance(ProofKit.FRIEND).subtract(friend0)).as("ETH to the friend").isEqualTo(new BigInteger("1000000000000000"));
            assertThat(rpc.tokenBalance(tip, ProofKit.FRIEND).subtract(friendTip0)).as("TIP to the friend").isEqualTo(new BigInteger("1000000000000000000"));
            String launched = ProofKit.JSON.readTree(controlResults.get("launch_token")).path("token").asString();
            assertThat(rpc.tokenBalance(launched, ProofKit.FRIEND)).as("supply of the launched token").isEqualTo(new BigInteger("1000000000000000000000"));
            assertThat(feed.posts()).hasSize(posts0);
            System.out.printf("[proof] fuzz: %d bad calls into %d tools (%d of them hit the bugs fixed in e03af95), all answered with a tool error,"
                    + " no chain or feed effect; %d valid controls succeeded, the 3 writes among them on the chain%n", firstControl, valid.size(),
                    formerBugs, controls.size());
        }
    }

    /** Inputs the chain tools accepted before e03af95 (see the two regression tests below). */
    static boolean formerBug(Case c) {
        boolean launch = c.tool().equals("launch_token") || c.tool().equals("launch_curve_token");
        if (launch && c.what().startsWith("random ") && (c.what().endsWith(" name") || c.what().endsWith(" symbol"))) {
            return true;
        }
        if (launch && (c.what().startsWith("name=") || c.what().startsWith("symbol=")) && c.args().values().stream()
                .anyMatch(v -> v instanceof String str && !str.isBlank() && str.codePoints().noneMatch(Character::isLetterOrDigit))) {
            return true;
        }
        if ((c.tool().equals("curve_buy") || c.tool().equals("curve_sell")) && c.what().startsWith("curve=")) {
            Object curve = c.args().get("curve");
            return curve.equals("0x" + "0".repeat(40)) || curve.equals(FRIEND_CHECKSUM);
        }
        return false;
    }

    /**
     * Regression test of a bug found here and fixed in e03af95 (ChainToolset.checkName): a token name or symbol made only of invisible
     * characters (U+200B zero-width space), or carrying control and bidi-override characters, is
     * deployed. {@code isBlank()} does not see U+200B, and nothing rejects format/control characters,
     * so an agent can be made to launch a token whose name displays as something else (spoofing).
     */
    @Test
    void launchRefusesInvisibleOrControlCharactersInNames() throws Exception {
        try (Anvil anvil = Anvil.start(); ChainToolkit toolkit = ProofKit.toolkit(anvil.url(), ProofKit.AGENT_KEY, Map.of())) {
            Rpc rpc = new Rpc(anvil.url());
            long nonce0 = rpc.nonce(ProofKit.AGENT_ADDRESS);
            for (String[] nameSymbol : new String[][] {{"\u200B", "ZW"}, {"Fine", "\u200B\u200B"}, {"\u202EnaM", "RTL"}, {"a\u0000b", "NUL"}}) {
                String args = ProofKit.JSON.writeValueAsString(Map.of("name", nameSymbol[0], "symbol", nameSymbol[1], "supply", "1000"));
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProofKit.tool(toolkit, "launch_token").execute(ToolArguments.parse(args), ProofKit.context(Trust.OWNER)))
                        .as("name %s symbol %s", printable(nameSymbol[0]), printable(nameSymbol[1])).isInstanceOf(dev.agentry.core.ToolException.class);
            }
            assertThat(rpc.nonce(ProofKit.AGENT_ADDRESS)).isEqualTo(nonce0);
        }
    }

    /**
     * Regression test of a bug found here and fixed in e03af95 (curve_buy / curve_sell): the curve address is
     * only checked for its format. A "buy" on an account without code (an EOA, or the zero address)
     * simulates fine and sends the ETH there: curve_buy becomes a plain transfer to any address; a
     * "sell" there succeeds doing nothing and reports success.
     */
    @Test
    void curveTradesRefuseAddressesWithoutACurve() throws Exception {
        try (Anvil anvil = Anvil.start(); ChainToolkit toolkit = ProofKit.toolkit(anvil.url(), ProofKit.AGENT_KEY, Map.of())) {
            Rpc rpc = new Rpc(anvil.url());
            BigInteger friend0 = rpc.balance(ProofKit.FRIEND);
            long nonce0 = rpc.nonce(ProofKit.AGENT_ADDRESS);
            for (String curve : List.of(FRIEND_CHECKSUM, "0x" + "0".repeat(40))) {
                String buy = "{\"curve\":\"" + curve + "\",\"amount\":\"0.01\",\"min_tokens_out\":\"0\"}";
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProofKit.tool(toolkit, "curve_buy").execute(ToolArguments.parse(buy), ProofKit.context(Trust.OWNER)))
                        .as("curve_buy on %s", curve).isInstanceOf(dev.agentry.core.ToolException.class);
                String sell = "{\"curve\":\"" + curve + "\",\"amount\":\"1\",\"min_eth_out\":\"0\"}";
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProofKit.tool(toolkit, "curve_sell").execute(ToolArguments.parse(sell), ProofKit.context(Trust.OWNER)))
                        .as("curve_sell on %s", curve).isInstanceOf(dev.agentry.core.ToolException.class);
            }
            assertThat(rpc.balance(ProofKit.FRIEND)).isEqualTo(friend0);
            assertThat(rpc.nonce(ProofKit.AGENT_ADDRESS)).isEqualTo(nonce0);
        }
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().limit(30).forEach(cp -> {
            if (cp < 0x20 || cp > 0x7e) {
                sb.append(String.format("\\u%04X", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return s.length() > 30 ? sb + "…(" + s.length() + ")" : sb.toString();
    }
}

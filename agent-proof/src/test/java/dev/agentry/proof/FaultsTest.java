package dev.agentry.proof;

import dev.agentry.testkit.Anvil;

import dev.agentry.core.ToolCall;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Channel;
import dev.agentry.core.ChatModels;
import dev.agentry.core.DeadLetter;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.InMemoryJournal;
import dev.agentry.core.Limits;
import dev.agentry.core.ModelConfig;
import dev.agentry.core.Persona;
import dev.agentry.core.Secret;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import dev.agentry.memory.AgentryStore;
import dev.agentry.tools.chain.ChainToolkit;
import dev.agentry.tools.social.FeedPoller;
import dev.agentry.tools.social.XFeed;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults: a model endpoint that answers 429, 500, malformed JSON, truncated bodies, resets the
 * connection or hangs (WireMock behind LangChain4j's real OpenAI client); the chain node killed and
 * restarted in the middle of a turn; a social feed that returns garbage. Every event either
 * completes or is dead-lettered with its reason, nothing is sent twice, and the runtime keeps
 * serving the other agents.
 */
class FaultsTest {
    private static final String OK_BODY = """
            {"id":"c1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"All good here."},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":50,"completion_tokens":4,"total_tokens":54}}""";

    /** Counts replies per event id (a reply sent twice would show as 2). */
    static final class CountingChannel implements Channel {
        final Map<String, AtomicInteger> replies = new ConcurrentHashMap<>();
        private final String source;

        CountingChannel(String source) {
            this.source = source;
        }

        @Override
        public String source() {
            return source;
        }

        @Override
        public String reply(Event event, String text, String key) {
            replies.computeIfAbsent(event.id(), k -> new AtomicInteger()).incrementAndGet();
            return "posted-" + event.id();
        }
    }

    @Test
    void modelEndpointFaultsEndInCompletionOrDeadLetterWhileOtherAgentsKeepWorking() throws Exception {
        WireMockServer wm = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort().containerThreads(20));
        wm.start();
        try {
            Map<String, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder> faults = new LinkedHashMap<>();
            faults.put("RateLimited", aResponse().withStatus(429).withHeader("Retry-After", "0")
                    .withBody("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}"));
            faults.put("ServerError", aResponse().withStatus(500).withBody("{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
            faults.put("Malformed", aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"choices\":[{\"message\":"));
            faults.put("NotJson", aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("<html>502 Bad Gateway</html>"));
            faults.put("Truncated", aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody(OK_BODY.substring(0, OK_BODY.length() / 2)));
            faults.put("Reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
            faults.put("Garbled", aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE));
            faults.put("Hangs", aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(OK_BODY).withFixedDelay(5_000));
            for (var f : faults.entrySet()) {
                wm.stubFor(post(urlPathEqualTo("/v1/chat/completions")).withRequestBody(containing("Victim" + f.getKey())).willReturn(f.getValue()));
            }
            // a flaky endpoint: 500 once, then fine
            wm.stubFor(post(urlPathEqualTo("/v1/chat/completions")).withRequestBody(containing("VictimFlaky")).inScenario("flaky")
                    .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(500).withBody("{\"error\":{\"message\":\"once\"}}"))
                    .willSetStateTo("recovered"));
            wm.stubFor(post(urlPathEqualTo("/v1/chat/completions")).withRequestBody(containing("VictimFlaky")).inScenario("flaky")
                    .whenScenarioStateIs("recovered").willReturn(okJson(OK_BODY)));
            wm.stubFor(post(urlPathEqualTo("/v1/chat/completions")).withRequestBody(containing("Steady")).willReturn(okJson(OK_BODY)));

            InMemoryJournal journal = new InMemoryJournal();
            CountingChannel channel = new CountingChannel("feed");
            ChatModels.Backoff backoff = new ChatModels.Backoff(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(20));
            List<String> agents = new ArrayList<>();
            faults.keySet().forEach(k -> agents.add("Victim" + k));
            agents.add("VictimFlaky");
            agents.add("Steady");
            Map<String, List<CompletableFuture<TurnResult>>> futures = new LinkedHashMap<>();
            try (AgentRuntime runtime = AgentRuntime.builder().journal(journal).discoverPlugins(false).retryBackoff(Duration.ofMillis(10)).build()) {
                for (String id : agents) {
                    ModelConfig config = ModelConfig.openAi("http://127.0.0.1:" + wm.port() + "/v1", "gpt-4o-mini", Secret.of("sk-test", "test"))
                            .withMaxAttempts(2).withTimeout(Duration.ofMillis(800));
                    runtime.register(Agent.builder(id).persona(Persona.of(id, "A test agent called " + id + "."))
                            .model(ChatModels.create(config, backoff)).channel(channel)
                            .limits(Limits.defaults().withMaxAttempts(2)).build());
                    futures.put(id, new ArrayList<>());
                }
                runtime.start();
                for (int round = 0; round < 3; round++) {
                    for (String id : agents) {
                        if (id.equals("VictimFlaky") && round > 0) {
                            continue;
                        }
                        int n = id.equals("Steady") ? 4 : 1;
                        for (int k = 0; k < n; k++) {
                            Event e = Event.of(id + "-r" + round + "-" + k, "feed", "user", "c-" + id, "hello " + round, Trust.UNTRUSTED);
                            futures.get(id).add(runtime.submit(id, e));
                        }
                    }
                }
                int completed = 0;
                int deadLettered = 0;
                for (var entry : futures.entrySet()) {
                    for (CompletableFuture<TurnResult> f : entry.getValue()) {
                        TurnResult r = f.get(120, TimeUnit.SECONDS);
                        String id = r.event().id();
                        if (entry.getKey().equals("Steady") || entry.getKey().equals("VictimFlaky")) {
                            assertThat(r.outcome()).as("%s: %s", id, r.error()).isEqualTo(TurnResult.Outcome.REPLIED);
                        }
                        if (r.outcome() == TurnResult.Outcome.REPLIED) {
                            completed++;
                            assertThat(channel.replies.get(id)).as("replies to %s", id).hasValue(1);
                        } else {
                            assertThat(r.outcome()).as(id).isEqualTo(TurnResult.Outcome.FAILED);
                            List<DeadLetter> letters = journal.deadLetters(entry.getKey()).stream().filter(d -> d.event().id().equals(id)).toList();
                            assertThat(letters).as("dead letter of %s", id).hasSize(1);
                            assertThat(letters.get(0).reason()).as("reason for %s", id).isNotBlank().contains("model");
                            assertThat(channel.replies).as("no reply for a failed %s", id).doesNotContainKey(id);
                            deadLettered++;
                        }
                    }
                }
                int total = futures.values().stream().mapToInt(List::size).sum();
                assertThat(completed + deadLettered).isEqualTo(total);
                assertThat(deadLettered).isEqualTo(faults.size() * 3);
                assertThat(completed).isEqualTo(12 + 1);
                for (String id : agents) {
                    assertThat(journal.pending(id)).as("nothing left pending for %s", id).isEmpty();
                }
                System.out.printf("[proof] model faults: %d events, %d completed, %d dead-lettered with reasons, e.g. %s%n", total, completed,
                        deadLettered, journal.deadLetters("VictimMalformed").get(0).reason());
            }
        } finally {
            wm.stop();
        }
    }

    /** Answers "transfer" requests with a transfer to the friend, running a hook first; then reports the tool result. */
    static final class TransferModel implements ChatModel {
        volatile Runnable beforeToolCall = () -> {};

        @Override
        public ChatResponse doChat(ChatRequest request) {
            List<ChatMessage> messages = request.messages();
            ChatMessage last = messages.get(messages.size() - 1);
            if (last instanceof ToolExecutionResultMessage result) {
                return reply("Result: " + result.text());
            }
            beforeToolCall.run();
            return ChatResponse.builder().aiMessage(AiMessage.from(List.of(ToolExecutionRequest.builder().id("t1").name("transfer_native")
                    .arguments("{\"to\":\"" + ProofKit.FRIEND + "\",\"amount\":\"0.1\"}").build())))
                    .tokenUsage(new TokenUsage(10, 10)).finishReason(FinishReason.TOOL_EXECUTION).build();
        }

        private static ChatResponse reply(String text) {
            return ChatResponse.builder().aiMessage(AiMessage.from(text)).tokenUsage(new TokenUsage(10, 10)).finishReason(FinishReason.STOP).build();
        }
    }

    @Test
    void chainNodeKilledAndRestartedMidTurnNeitherLosesNorDuplicatesATransfer(@TempDir Path dir) throws Exception {
        try (Anvil anvil = Anvil.builder().stateFile(dir.resolve("anvil-state.json")).start()) {
            Rpc rpc = new Rpc(anvil.url());
            BigInteger friend0 = rpc.balance(ProofKit.FRIEND);
            long nonce0 = rpc.nonce(ProofKit.AGENT_ADDRESS);
            TransferModel model = new TransferModel();
            try (AgentryStore store = AgentryStore.builder().sqlite(dir.resolve("agent.db"))
                    .embeddingModel(new dev.agentry.bench.HashEmbedding(), "hash").build();
                    ChainToolkit toolkit = ProofKit.toolkit(anvil.url(), ProofKit.AGENT_KEY, Map.of());
                    AgentRuntime runtime = AgentRuntime.builder().journal(store).memory(store).cursors(store).discoverPlugins(false)
                            .retryBackoff(Duration.ofMillis(200)).build()) {
                StandardPolicy policy = StandardPolicy.builder().journal(store).spendCap("ETH", new BigDecimal("10"), Duration.ofDays(1))
                        .recipientAllowlist(List.of(ProofKit.FRIEND)).build();
                CountingChannel channel = new CountingChannel("feed");
                runtime.register(Agent.builder("payer").persona(Persona.of("Payer", "Pays friends.")).model(model).tools(toolkit.tools())
                        .policy(policy).channel(channel).build());
                runtime.register(Agent.builder("bystander").persona(Persona.of("Bystander", "Chats.")).model(new ChatModel() {
                    @Override
                    public ChatResponse doChat(ChatRequest request) {
                        return TransferModel.reply("hi");
                    }
                }).channel(channel).build());
                runtime.start();

                // 1. the node dies (SIGTERM; its state is saved) just before the tool runs, and comes back 1.5 s later
                AtomicInteger kills = new AtomicInteger();
                model.beforeToolCall = () -> {
                    if (kills.getAndIncrement() == 0) {
                        anvil.stopGracefully();
                        Thread.ofPlatform().start(() -> {
                            try {
                                Thread.sleep(1500);
                            } catch (InterruptedException e) {
                                return;
                            }
                            anvil.relaunch();
                        });
                    }
                };
                Event first = Event.of("pay-1", "feed", "owner", "c1", "transfer 0.1 ETH to my friend", Trust.OWNER);
                CompletableFuture<TurnResult> during = runtime.submit("payer", first);
                // the other agent is served while the node is down
                TurnResult other = runtime.submit("bystander", Event.of("chat-1", "feed", "x", "c9", "hello", Trust.UNTRUSTED)).get(30, TimeUnit.SECONDS);
                assertThat(other.outcome()).isEqualTo(TurnResult.Outcome.REPLIED);
                TurnResult r1 = during.get(120, TimeUnit.SECONDS);
                waitForNode(rpc);

                // 2. after the restart the agent keeps working
                TurnResult r2 = runtime.submit("payer", Event.of("pay-2", "feed", "owner", "c2", "transfer 0.1 ETH to my friend again", Trust.OWNER))
                        .get(120, TimeUnit.SECONDS);
                // 3. the first event delivered again (a feed re-read after the outage) is not run again
                TurnResult again = runtime.submit("payer", first).get(30, TimeUnit.SECONDS);
                assertThat(again.outcome()).isEqualTo(TurnResult.Outcome.DUPLICATE);

                for (TurnResult r : List.of(r1, r2)) {
                    if (r.outcome() != TurnResult.Outcome.REPLIED) {
                        assertThat(store.deadLetters("payer")).as("a failed %s is dead-lettered", r.event().id())
                                .anySatisfy(d -> assertThat(d.event().id()).isEqualTo(r.event().id()));
                    }
                }
                assertThat(r2.outcome()).isEqualTo(TurnResult.Outcome.REPLIED);
                assertThat(r2.toolCalls()).anySatisfy(c -> assertThat(c.outcome()).isEqualTo(ToolCall.Outcome.OK));

                // the chain agrees with the journal: one transfer per DONE effect, none twice
                List<EffectRecord> done = store.effectsSince("payer", Instant.EPOCH).stream()
                        .filter(e -> e.tool().equals("transfer_native") && e.status() == EffectRecord.Status.DONE).toList();
                List<EffectRecord> unsure = store.effectsSince("payer", Instant.EPOCH).stream()
                        .filter(e -> e.tool().equals("transfer_native") && e.status() == EffectRecord.Status.STARTED).toList();
                assertThat(unsure).as("no transfer left in doubt").isEmpty();
                long sent = rpc.nonce(ProofKit.AGENT_ADDRESS) - nonce0;
                assertThat(sent).as("transactions sent").isEqualTo(done.size());
                assertThat(rpc.balance(ProofKit.FRIEND).subtract(friend0)).isEqualTo(new BigInteger("100000000000000000").multiply(BigInteger.valueOf(done.size())));
                assertThat(done.size()).isBetween(1, 2);
                for (var e : channel.replies.entrySet()) {
                    assertThat(e.getValue()).as("replies to %s", e.getKey()).hasValue(1);
                }
                System.out.printf("[proof] node restart: first turn %s (%s), second %s; %d transfer(s) on chain = %d DONE effect(s)%n", r1.outcome(),
                        r1.toolCalls().isEmpty() ? "no tool call" : r1.toolCalls().get(0).outcome() + ": " + abbreviate(r1.toolCalls().get(0).result()),
                        r2.outcome(), sent, done.size());
            }
        }
    }

    /**
     * SIGKILL of the node between broadcast and receipt. The node runs without mining, so the transfer sits in its pool when
     * it is killed, while the tool waits for the receipt. What survives: Anvil's {@code --state} dump (every second here) holds
     * the blocks, accounts and mined transactions, not the pool (anvil 1.7.1: {@code block, accounts, best_block_number,
     * blocks, transactions, historical_states}), so after the restart the pending transfer is gone and the account's nonce is
     * where it was. The correct outcome is therefore not "nothing to do": the tool must find its transaction neither mined
     * nor known and broadcast the same signed transaction again, with the same nonce (a fee bump re-signs it at that nonce,
     * checkpointed first), so that it is mined exactly once. A tool that reports "not sent" for a transaction the node had
     * accepted (a node that keeps its pool, as geth does for local transactions, would mine it, and the retry would pay
     * twice), signs a new one at another nonce, or pays twice, fails here. Checked over plain JSON-RPC and in the journal.
     */
    @Test
    void chainNodeKilledBetweenBroadcastAndReceiptTheSameTransferIsMinedExactlyOnce(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("anvil-state.json");
        try (Anvil anvil = Anvil.builder().stateFile(state).stateInterval(Duration.ofSeconds(1)).args("--no-mining").start()) {
            Rpc rpc = new Rpc(anvil.url());
            BigInteger friend0 = rpc.balance(ProofKit.FRIEND);
            long nonce0 = rpc.nonce(ProofKit.AGENT_ADDRESS);
            long block0 = rpc.blockNumber();
            awaitFile(state);
            List<String> killer = new ArrayList<>();
            Thread killerThread = Thread.ofPlatform().name("anvil-killer").start(() -> killer.add(killOnceTheTransferIsPending(anvil, rpc, nonce0)));
            try (AgentryStore store = AgentryStore.builder().sqlite(dir.resolve("agent.db")).embeddingModel(new dev.agentry.bench.HashEmbedding(), "hash").build();
                    ChainToolkit toolkit = ProofKit.toolkit(anvil.url(), ProofKit.AGENT_KEY, Map.of());
                    AgentRuntime runtime = AgentRuntime.builder().journal(store).memory(store).cursors(store).discoverPlugins(false)
                            .retryBackoff(Duration.ofMillis(200)).build()) {
                // caps with headroom for a declared gas fee on top of the 0.1 ETH
                StandardPolicy policy = StandardPolicy.builder().journal(store).spendCap("ETH", new BigDecimal("1"), Duration.ofDays(1))
                        .recipientCap("ETH", new BigDecimal("0.5"), Duration.ofDays(1)).recipientAllowlist(List.of(ProofKit.FRIEND)).build();
                CountingChannel channel = new CountingChannel("feed");
                runtime.register(Agent.builder("payer").persona(Persona.of("Payer", "Pays friends.")).model(new TransferModel()).tools(toolkit.tools())
                        .policy(policy).channel(channel).build());
                runtime.start();
                Event pay = Event.of("pay-kill9", "feed", "owner", "c1", "transfer 0.1 ETH to my friend", Trust.OWNER);
                TurnResult turn = runtime.submit("payer", pay).get(180, TimeUnit.SECONDS);
                killerThread.join(TimeUnit.SECONDS.toMillis(30));
                assertThat(killer).as("the node was killed with the transfer in its pool, and restarted").singleElement().asString().startsWith("killed");

                // the turn ran again (the same event delivered again) does not run the transfer again
                TurnResult again = runtime.submit("payer", pay).get(30, TimeUnit.SECONDS);
                assertThat(again.outcome()).isEqualTo(TurnResult.Outcome.DUPLICATE);

                assertThat(turn.outcome()).as("turn: %s", turn).isEqualTo(TurnResult.Outcome.REPLIED);
                ToolCall call = turn.toolCalls().stream().filter(c -> c.tool().equals("transfer_native")).findFirst().orElseThrow();
                assertThat(call.outcome()).as("transfer: %s", call.result()).isEqualTo(ToolCall.Outcome.OK);
                assertThat(call.result()).contains("\"status\":\"success\"");

                // the chain, read independently: one transaction from the agent, at the nonce it had, 0.1 ETH to the friend
                assertThat(rpc.nonce(ProofKit.AGENT_ADDRESS) - nonce0).as("transactions mined from the agent").isEqualTo(1);
                List<String> minedHashes = rpc.transactionHashesFrom(ProofKit.AGENT_ADDRESS, block0 + 1);
                assertThat(minedHashes).hasSize(1);
                assertThat(rpc.balance(ProofKit.FRIEND).subtract(friend0)).isEqualTo(new BigInteger("100000000000000000"));
                String mined = minedHashes.get(0);

                // the journal: that call's effect DONE once, and the mined transaction is one it checkpointed, at that nonce
                List<EffectRecord> effects = store.effectsSince("payer", Instant.EPOCH).stream().filter(e -> e.tool().equals("transfer_native")).toList();
                assertThat(effects).as("transfer effects").singleElement().satisfies(e -> {
                    assertThat(e.status()).isEqualTo(EffectRecord.Status.DONE);
                    assertThat(e.key()).isEqualTo(call.idempotencyKey());
                    assertThat(e.details()).containsEntry("tx.nonce", Long.toString(nonce0));
                    List<String> signed = new ArrayList<>(List.of(e.details().get("tx.hash")));
                    signed.addAll(List.of(e.details().getOrDefault("tx.previous", "").split(",")));
                    assertThat(signed).as("transactions the call checkpointed").contains(mined);
                });
                assertThat(channel.replies.get("pay-kill9")).hasValue(1);
                System.out.printf("[proof] node SIGKILL between broadcast and receipt: %s; the call ended %s, %s mined once at nonce %d%n",
                        killer.get(0), call.outcome(), mined, nonce0);
            } finally {
                killerThread.join(TimeUnit.SECONDS.toMillis(60));
            }
        }
    }

    /** Waits until the agent's transfer is in the node's pool (pending nonce above the mined one), then SIGKILLs and restarts the node. */
    private static String killOnceTheTransferIsPending(Anvil anvil, Rpc rpc, long nonce0) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (rpc.pendingNonce(ProofKit.AGENT_ADDRESS) > nonce0) {
                anvil.kill();
                sleep(1_500); // a restart takes a while: the agent sees the node gone, not a node that forgot the transaction
                anvil.relaunch();
                long pendingAfterRestart = rpc.pendingNonce(ProofKit.AGENT_ADDRESS) - nonce0;
                rpc.call("evm_setAutomine", "[true]");
                return "killed with the transfer pending, restarted from the state file after 1.5 s (" + pendingAfterRestart
                        + " transaction(s) of the agent in its pool when looked at right after the restart; the pool itself is not kept)";
            }
            sleep(5);
        }
        return "timeout: the transfer never reached the node's pool";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!java.nio.file.Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("anvil wrote no state file " + file);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void feedReturningGarbageDeliversNothingFalseAndRecovers(@TempDir Path dir) throws Exception {
        WireMockServer wm = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
        try {
            wm.stubFor(get("/2/users/me").willReturn(okJson("{\"data\":{\"id\":\"42\",\"name\":\"Bot\",\"username\":\"agentry_bot\"}}")));
            String[] garbage = {
                "<html><body>502 Bad Gateway</body></html>",
                "{\"data\":[{\"id\":",
                "{\"data\":\"not a list\"}",
                "{\"data\":[{\"id\":null,\"text\":12,\"author_id\":[]}],\"meta\":{\"result_count\":\"x\"}}",
                "\u0000\u0001\u0002 binary \uFFFD",
                "{\"data\":[{\"id\":\"" + "9".repeat(400) + "\",\"text\":\"" + "A".repeat(100_000) + "\",\"author_id\":\"7\"}],\"meta\":{\"newest_id\":\"x\"}}",
            };
            String good = """
                    {"data":[{"id":"201","text":"@agentry_bot hello after the storm","author_id":"7","conversation_id":"201",
                      "created_at":"2026-01-01T00:02:00.000Z","edit_history_tweet_ids":["201"]}],
                     "includes":{"users":[{"id":"7","name":"Seven","username":"seven"}]},
                     "meta":{"result_count":1,"newest_id":"201","oldest_id":"201"}}""";
            String state = Scenario.STARTED;
            for (int i = 0; i < garbage.length; i++) {
                String next = "g" + (i + 1);
                wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).inScenario("feed").whenScenarioStateIs(state)
                        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(garbage[i])).willSetStateTo(next));
                state = next;
            }
            wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).inScenario("feed").whenScenarioStateIs(state).willReturn(okJson(good)));

            XFeed feed = XFeed.builder().baseUrl(wm.baseUrl()).bearerToken(Secret.of("t", "${X_BEARER_TOKEN}")).retries(0, Duration.ofMillis(1)).build();
            CountingChannel channel = new CountingChannel("x");
            try (AgentryStore store = AgentryStore.builder().sqlite(dir.resolve("feed.db")).embeddingModel(new dev.agentry.bench.HashEmbedding(), "hash").build();
                    AgentRuntime runtime = AgentRuntime.builder().journal(store).memory(store).cursors(store).discoverPlugins(false).build()) {
                runtime.register(Agent.builder("reader").persona(Persona.of("Reader", "Reads.")).model(new ChatModel() {
                    @Override
                    public ChatResponse doChat(ChatRequest request) {
                        return TransferModel.reply("thanks!");
                    }
                }).channel(channel).build());
                runtime.start();
                FeedPoller poller = FeedPoller.builder(feed).cursors(store).cursorKey("reader:x").build();
                List<String> delivered = new ArrayList<>();
                List<String> failures = new ArrayList<>();
                List<CompletableFuture<TurnResult>> turns = new ArrayList<>();
                for (int i = 0; i < garbage.length + 2; i++) {
                    try {
                        poller.pollOnce(event -> {
                            delivered.add(event.id() + " " + abbreviate(event.text()));
                            turns.add(runtime.submit("reader", event));
                            return true;
                        });
                    } catch (RuntimeException e) {
                        failures.add(e.getClass().getSimpleName() + ": " + abbreviate(String.valueOf(e.getMessage())));
                    }
                }
                for (CompletableFuture<TurnResult> t : turns) {
                    assertThat(t.get(30, TimeUnit.SECONDS).outcome()).isIn(TurnResult.Outcome.REPLIED, TurnResult.Outcome.DUPLICATE);
                }
                assertThat(delivered).as("events delivered").anySatisfy(d -> assertThat(d).startsWith("x:201"));
                assertThat(delivered.stream().filter(d -> d.startsWith("x:201"))).as("the real mention, once").hasSize(1);
                assertThat(delivered).as("nothing made up from garbage").allSatisfy(d -> assertThat(d).startsWith("x:201"));
                assertThat(channel.replies.get("x:201")).hasValue(1);
                assertThat(store.get("reader:x")).contains("201");
                System.out.printf("[proof] feed garbage: %d polls failed cleanly (%s), then the real mention was delivered once%n", failures.size(),
                        failures.isEmpty() ? "-" : failures.get(0));
            }
        } finally {
            wm.stop();
        }
    }

    private static void waitForNode(Rpc rpc) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                rpc.blockNumber();
                return;
            } catch (RuntimeException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("anvil did not come back");
    }

    static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "…";
    }
}

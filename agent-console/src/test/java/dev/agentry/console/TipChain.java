package dev.agentry.console;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.ApprovalQueue;
import dev.agentry.core.Journal;
import dev.agentry.core.Persona;
import dev.agentry.core.Secret;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.ToolArguments;
import dev.agentry.testkit.Anvil;
import dev.agentry.testkit.PlainToolContext;
import dev.agentry.tools.chain.Chain;
import dev.agentry.tools.chain.ChainToolkit;
import dev.agentry.tools.chain.Wallet;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real local chain with a TIP token (the whole supply in dev account 0, the agent's wallet), and
 * Tipper-like agents on it: TIP spend cap 100 a day, tips above 5 TIP held for approval.
 */
final class TipChain implements AutoCloseable {
    static final BigInteger UNIT = BigInteger.TEN.pow(18);
    static final String AGENT = "tipper";

    final Anvil anvil;
    final ChainToolkit toolkit;
    final String token;

    TipChain() throws Exception {
        this.anvil = Anvil.start();
        this.toolkit = ChainToolkit.builder().chain(Chain.ANVIL).rpcUrl(anvil.url())
                .wallet(Wallet.fromPrivateKey(Secret.of(Anvil.KEY_0, "${AGENT_PRIVATE_KEY}")))
                .receiptPollInterval(Duration.ofMillis(20)).receiptTimeout(Duration.ofSeconds(60)).build();
        String deployed = toolkit.tools("launch_token").get(0).execute(
                ToolArguments.parse("{\"name\":\"Tip\",\"symbol\":\"TIP\",\"supply\":\"1000000\"}"),
                PlainToolContext.builder().agentId(AGENT).idempotencyKey("deploy-tip").build());
        Matcher m = Pattern.compile("\"token\"\\s*:\\s*\"(0x[0-9a-fA-F]{40})\"").matcher(deployed);
        if (!m.find()) {
            throw new IllegalStateException("deploying TIP returned no address: " + deployed);
        }
        this.token = m.group(1);
    }

    /** A started runtime with the tipper agent, approvals in the given queue. */
    AgentRuntime runtime(Journal journal, ApprovalQueue approvals) {
        String asset = token.toLowerCase(Locale.ROOT);
        StandardPolicy policy = StandardPolicy.builder().spendCap(asset, new BigDecimal("100"), Duration.ofDays(1))
                .spendCap("ETH", BigDecimal.ONE, Duration.ofDays(1)).approvalAbove(asset, new BigDecimal("5")).journal(journal).build();
        AgentRuntime runtime = AgentRuntime.builder().discoverPlugins(false).journal(journal)
                .approvalQueue(approvals, Duration.ofMinutes(10)).build();
        runtime.register(Agent.builder(AGENT).persona(Persona.of("Tipper", "Tips helpful people in TIP.")).model(new TipModel(token))
                .tools(toolkit.tools("transfer_token", "token_balance")).policy(policy).build());
        runtime.start();
        return runtime;
    }

    /** TIP held by an address, in whole-token base units. */
    BigInteger balance(String holder) throws Exception {
        return ChainRpc.tokenBalance(anvil.url(), token, holder);
    }

    static String address() {
        byte[] bytes = new byte[20];
        new SecureRandom().nextBytes(bytes);
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    static String token() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        toolkit.close();
        anvil.close();
    }
}

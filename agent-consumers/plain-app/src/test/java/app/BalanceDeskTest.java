package app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Secret;
import dev.agentry.core.ToolCall;
import dev.agentry.core.TurnResult;
import dev.agentry.testkit.Anvil;
import dev.agentry.testkit.ScriptedModel;
import dev.agentry.tools.chain.Chain;
import dev.agentry.tools.chain.ChainToolkit;
import dev.agentry.tools.chain.Wallet;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** One agent turn against a WireMock-served model, with one chain read on Anvil, from outside the Agentry build. */
class BalanceDeskTest {

    @Test
    void theAgentReadsABalanceOnAnvilAndAnswers() throws Exception {
        try (Anvil anvil = Anvil.start();
                ScriptedModel model = ScriptedModel.start();
                ChainToolkit chain = ChainToolkit.builder().chain(Chain.ANVIL).rpcUrl(anvil.url())
                        .wallet(Wallet.fromPrivateKey(Secret.of(Anvil.KEY_0, "${AGENT_PRIVATE_KEY}")))
                        .maxFeePerGasGwei(new BigDecimal("50")).build();
                BalanceDesk desk = new BalanceDesk(model.chatModel(), chain)) {
            model.thenToolCall("native_balance", "{\"address\":\"" + Anvil.ADDRESS_1 + "\"}")
                    .thenReply("Account 1 holds 10000 ETH.");

            TurnResult result = desk.ask("q1", "How much ETH does account 1 hold?");

            assertThat(result.outcome()).isEqualTo(TurnResult.Outcome.REPLIED);
            assertThat(result.reply()).contains("Account 1 holds 10000 ETH.");
            assertThat(result.toolCalls()).extracting(ToolCall::tool).containsExactly("native_balance");
            assertThat(result.toolCalls().get(0).result()).contains("\"balance\":\"10000\"").contains("\"symbol\":\"ETH\"");
            assertThat(model.requests()).hasSize(2);
            assertThat(model.requests().get(1)).contains("10000");
        }
    }
}

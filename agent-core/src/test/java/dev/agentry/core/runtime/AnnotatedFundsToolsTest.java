package dev.agentry.core.runtime;

import static dev.agentry.core.runtime.PipelineFixture.ALICE;
import static dev.agentry.core.runtime.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.Effect;
import dev.agentry.core.Spend;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolCall;
import dev.agentry.core.ToolEffect;
import dev.agentry.core.ToolEffect.SpendOf;
import dev.agentry.core.Trust;
import dev.agentry.core.internal.AnnotatedTools;
import dev.agentry.core.internal.turn.AuthorizeStage;
import dev.agentry.core.internal.turn.ReplayStage;
import dev.agentry.core.internal.turn.ValidateStage;
import dev.langchain4j.agent.tool.P;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * FUNDS tools in {@code @Tool} style: the spends declared with {@link ToolEffect} reach the policy
 * before the method runs, caps apply to them, and a declaration that cannot be trusted is refused
 * when the tool is registered.
 */
class AnnotatedFundsToolsTest {
    private static final String PAY_3 = "{\"to\":\"" + ALICE + "\",\"amount\":\"3\"}";

    /** Pays from a jar: the amount to the recipient, plus a fixed fee in ETH. */
    static final class TipJar {
        final AtomicInteger paid = new AtomicInteger();

        @dev.langchain4j.agent.tool.Tool("Pays someone from the tip jar")
        @ToolEffect(value = Effect.FUNDS, spends = {
                @SpendOf(asset = "JAR", amount = "amount", recipient = "to"),
                @SpendOf(asset = "ETH", fixedAmount = "0.001")})
        public String pay(@P("the recipient") String to, @P("amount, a decimal string") String amount) {
            paid.incrementAndGet();
            return "paid " + amount + " JAR to " + to;
        }
    }

    /** Pays in any token, the asset read from an argument and the movement computed by a companion. */
    static final class Exchange {
        @dev.langchain4j.agent.tool.Tool("Sends a token, with a 1% fee to the house")
        @ToolEffect(value = Effect.FUNDS, spendsFrom = "sendSpends")
        public String send(@P("token address") String token, @P("recipient") String to, @P("amount") BigDecimal amount) {
            return "sent";
        }

        public List<Spend> sendSpends(String token, String to, BigDecimal amount) {
            return List.of(Spend.of(token, amount, to), Spend.of(token, amount.movePointLeft(2), "house"));
        }

        @dev.langchain4j.agent.tool.Tool("Moves a token, asset from the argument")
        @ToolEffect(value = Effect.FUNDS, spends = @SpendOf(assetFrom = "token", amount = "amount", recipient = "to"))
        public String move(@P("token address") String token, @P("recipient") String to, @P("amount") long amount) {
            return "moved";
        }
    }

    private static Tool tool(Object object, String name) {
        return AnnotatedTools.from(object).stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<Spend> declared(Tool tool, String arguments) {
        RecordingPolicy policy = RecordingPolicy.allowingAll();
        ToolCall call = new PipelineFixture(policy, tool).runThrough(new PipelineFixture.Reached(), event("e1", Trust.OWNER), tool.name(), arguments,
                List.of(ValidateStage::new, ReplayStage::new, AuthorizeStage::new));
        assertThat(call.result()).isEqualTo("reached");
        return policy.decided.get(0).spends();
    }

    @Test
    void theSpendsDeclaredOnTheMethodReachThePolicyBeforeItRuns() {
        TipJar jar = new TipJar();

        assertThat(declared(tool(jar, "pay"), PAY_3)).containsExactly(
                Spend.of("JAR", new BigDecimal("3"), ALICE), Spend.of("ETH", new BigDecimal("0.001")));
        assertThat(jar.paid).hasValue(0);
    }

    @Test
    void anAssetReadFromAnArgumentAndACompanionMethodDeclareWhatTheyMove() {
        Exchange exchange = new Exchange();
        String token = "0x00000000000000000000000000000000000070c3";

        assertThat(declared(tool(exchange, "move"), "{\"token\":\"" + token + "\",\"to\":\"" + ALICE + "\",\"amount\":7}"))
                .containsExactly(Spend.of(token, new BigDecimal("7"), ALICE));
        assertThat(declared(tool(exchange, "send"), "{\"token\":\"" + token + "\",\"to\":\"" + ALICE + "\",\"amount\":200}"))
                .containsExactly(Spend.of(token, new BigDecimal("200"), ALICE),
                        Spend.of(token, new BigDecimal("2.00"), "house"));
    }

    @Test
    void theSpendCapStopsTheSecondPaymentAndTheMethodIsNotCalled() {
        TipJar jar = new TipJar();
        StandardPolicy policy = StandardPolicy.builder()
                .spendCap("JAR", new BigDecimal("5"), Duration.ofDays(1))
                .spendCap("ETH", new BigDecimal("1"), Duration.ofDays(1))
                .build();
        PipelineFixture fixture = new PipelineFixture(policy, tool(jar, "pay"));

        ToolCall first = fixture.run(event("e1", Trust.OWNER), "pay", PAY_3);
        ToolCall second = fixture.run(event("e2", Trust.OWNER), "pay", PAY_3);

        assertThat(first.decision()).isEqualTo(ToolCall.Decision.ALLOW);
        assertThat(first.result()).isEqualTo("paid 3 JAR to " + ALICE);
        assertThat(second.decision()).isEqualTo(ToolCall.Decision.DENY);
        assertThat(second.rule()).isEqualTo("spend-cap");
        assertThat(jar.paid).hasValue(1);
    }

    @Test
    void aNegativeAmountIsRefusedBeforeTheMethodRuns() {
        TipJar jar = new TipJar();
        PipelineFixture fixture = new PipelineFixture(RecordingPolicy.allowingAll(), tool(jar, "pay"));

        ToolCall call = fixture.run(event("e1", Trust.OWNER), "pay", "{\"to\":\"" + ALICE + "\",\"amount\":\"-1\"}");
        ToolCall control = fixture.run(event("e2", Trust.OWNER), "pay", "{\"to\":\"" + ALICE + "\",\"amount\":\"1\"}");

        assertThat(call.outcome()).isEqualTo(ToolCall.Outcome.INVALID);
        assertThat(call.result()).contains("argument 'amount' must not be negative, got -1");
        assertThat(control.outcome()).isEqualTo(ToolCall.Outcome.OK);
        assertThat(jar.paid).hasValue(1);
    }

    // ------------------------------------------------------------------ refused at registration

    static final class Undeclared {
        @dev.langchain4j.agent.tool.Tool("Pays")
        @ToolEffect(Effect.FUNDS)
        public String pay(String to, String amount) {
            return "paid";
        }
    }

    static final class ReadWithSpends {
        @dev.langchain4j.agent.tool.Tool("Reads")
        @ToolEffect(value = Effect.READ, spends = @SpendOf(asset = "ETH", amount = "amount"))
        public String read(String amount) {
            return "read";
        }
    }

    static final class UnknownArgument {
        @dev.langchain4j.agent.tool.Tool("Pays")
        @ToolEffect(value = Effect.FUNDS, spends = @SpendOf(asset = "ETH", amount = "amt", recipient = "to"))
        public String pay(String to, String amount) {
            return "paid";
        }
    }

    static final class FloatingAmount {
        @dev.langchain4j.agent.tool.Tool("Pays")
        @ToolEffect(value = Effect.FUNDS, spends = @SpendOf(asset = "ETH", amount = "amount", recipient = "to"))
        public String pay(String to, double amount) {
            return "paid";
        }
    }

    static final class BothWays {
        @dev.langchain4j.agent.tool.Tool("Pays")
        @ToolEffect(value = Effect.FUNDS, spends = @SpendOf(asset = "ETH", amount = "amount"), spendsFrom = "paySpends")
        public String pay(String amount) {
            return "paid";
        }

        public List<Spend> paySpends(String amount) {
            return List.of();
        }
    }

    static final class CompanionWithOtherParameters {
        @dev.langchain4j.agent.tool.Tool("Pays")
        @ToolEffect(value = Effect.FUNDS, spendsFrom = "paySpends")
        public String pay(String to, String amount) {
            return "paid";
        }

        public List<Spend> paySpends(String recipient) {
            return List.of();
        }
    }

    static final class MissingCompanion {
        @dev.langchain4j.agent.tool.Tool("Pays")
        @ToolEffect(value = Effect.FUNDS, spendsFrom = "paySpends")
        public String pay(String amount) {
            return "paid";
        }
    }

    @Test
    void aFundsToolThatDeclaresNoSpendsIsRefusedWhileOneThatDoesRegisters() {
        assertThatThrownBy(() -> AnnotatedTools.from(new Undeclared())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("@Tool method Undeclared.pay is FUNDS but declares no spends, so the policy could not check its caps before it runs: "
                        + "add spends = @SpendOf(asset = \"ETH\", amount = \"<argument>\", recipient = \"<argument>\") "
                        + "or spendsFrom = \"<method>\" to its @ToolEffect");
        assertThat(AnnotatedTools.from(new TipJar())).singleElement().satisfies(t -> assertThat(t.effect()).isEqualTo(Effect.FUNDS));
    }

    @Test
    void declarationsThatCannotBeTrustedAreRefusedNamingTheMethodAndTheFix() {
        assertThatThrownBy(() -> AnnotatedTools.from(new ReadWithSpends()))
                .hasMessage("@Tool method ReadWithSpends.read is READ but declares spends; only FUNDS tools move value: "
                        + "mark it @ToolEffect(value = Effect.FUNDS, ...) or remove the spends");
        assertThatThrownBy(() -> AnnotatedTools.from(new UnknownArgument()))
                .hasMessage("@Tool method UnknownArgument.pay: spends[0]: amount names argument 'amt', which the method does not have; "
                        + "its arguments: to, amount");
        assertThatThrownBy(() -> AnnotatedTools.from(new FloatingAmount()))
                .hasMessage("@Tool method FloatingAmount.pay: spends[0]: the amount argument 'amount' is a double; amounts must be exact: "
                        + "declare it as String (a decimal string such as \"1.5\") or BigDecimal");
        assertThatThrownBy(() -> AnnotatedTools.from(new BothWays()))
                .hasMessage("@Tool method BothWays.pay declares both spends and spendsFrom in its @ToolEffect; give one of them");
        assertThatThrownBy(() -> AnnotatedTools.from(new CompanionWithOtherParameters()))
                .hasMessage("@Tool method CompanionWithOtherParameters.pay: spendsFrom \"paySpends\": parameter 'recipient' (String) is not one of "
                        + "the tool's parameters; its parameters: to, amount");
        assertThatThrownBy(() -> AnnotatedTools.from(new MissingCompanion()))
                .hasMessage("@Tool method MissingCompanion.pay: spendsFrom \"paySpends\" is not a public method of MissingCompanion; "
                        + "it must be one public method returning List<Spend>");
    }
}

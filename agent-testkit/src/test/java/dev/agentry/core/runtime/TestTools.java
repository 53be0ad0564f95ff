package dev.agentry.core.runtime;

import dev.agentry.core.Effect;
import dev.agentry.core.Spend;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.agentry.core.ToolException;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Tools for runtime tests: they record what they were asked to do. */
final class TestTools {
    private TestTools() {}

    /** A fake ETH transfer: a FUNDS tool that records each executed transfer. */
    static final class FakeTransfer implements Tool {
        final List<String> executed = new CopyOnWriteArrayList<>();
        final AtomicInteger spendsCalls = new AtomicInteger();

        @Override
        public ToolSpecification specification() {
            return ToolSpecification.builder()
                    .name("transfer_native")
                    .description("Send ETH to an address")
                    .parameters(JsonObjectSchema.builder()
                            .addStringProperty("to", "recipient address")
                            .addStringProperty("amount", "amount in ETH as a decimal string")
                            .required("to", "amount")
                            .build())
                    .build();
        }

        @Override
        public Effect effect() {
            return Effect.FUNDS;
        }

        @Override
        public List<Spend> spends(ToolArguments arguments, ToolContext context) {
            spendsCalls.incrementAndGet();
            BigDecimal amount = arguments.decimal("amount");
            if (amount.signum() <= 0) {
                throw new ToolException("amount must be positive");
            }
            return List.of(Spend.of("ETH", amount, arguments.string("to")));
        }

        @Override
        public String execute(ToolArguments arguments, ToolContext context) {
            executed.add(arguments.string("to") + "=" + arguments.decimal("amount").toPlainString());
            return "{\"status\":\"sent\",\"tx\":\"0x" + "ab".repeat(32) + "\"}";
        }
    }

    /** A READ tool returning a fixed price. */
    static final class Price implements Tool {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public ToolSpecification specification() {
            return ToolSpecification.builder()
                    .name("get_price")
                    .description("Current price of a token in USD")
                    .parameters(JsonObjectSchema.builder().addStringProperty("symbol").required("symbol").build())
                    .build();
        }

        @Override
        public Effect effect() {
            return Effect.READ;
        }

        @Override
        public String execute(ToolArguments arguments, ToolContext context) {
            calls.incrementAndGet();
            return "{\"symbol\":\"" + arguments.string("symbol") + "\",\"usd\":\"3000.00\"}";
        }
    }

    /** A tool that throws or hangs, as configured. */
    static final class Misbehaving implements Tool {
        private final String name;
        private final boolean hang;

        Misbehaving(String name, boolean hang) {
            this.name = name;
            this.hang = hang;
        }

        @Override
        public ToolSpecification specification() {
            return ToolSpecification.builder().name(name).description("misbehaves")
                    .parameters(JsonObjectSchema.builder().build()).build();
        }

        @Override
        public Effect effect() {
            return Effect.READ;
        }

        @Override
        public Duration timeout() {
            return Duration.ofMillis(300);
        }

        @Override
        public String execute(ToolArguments arguments, ToolContext context) {
            if (hang) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            throw new IllegalStateException("database exploded");
        }
    }
}

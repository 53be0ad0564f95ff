package dev.agentry.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Effect;
import dev.agentry.core.Spend;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardingToolTest {
    private static final Tool PAY = new Tool() {
        @Override
        public ToolSpecification specification() {
            return ToolSpecification.builder().name("pay").description("pays").build();
        }

        @Override
        public Effect effect() {
            return Effect.FUNDS;
        }

        @Override
        public List<Spend> spends(ToolArguments arguments, ToolContext context) {
            return List.of(Spend.of("ETH", new BigDecimal(arguments.string("amount")), "0xabc"));
        }

        @Override
        public Duration timeout() {
            return Duration.ofSeconds(7);
        }

        @Override
        public String execute(ToolArguments arguments, ToolContext context) {
            return "paid " + arguments.string("amount");
        }
    };

    @Test
    void everythingNotOverriddenIsTheWrappedTools() {
        Tool same = new ForwardingTool(PAY) { };
        ToolArguments args = ToolArguments.parse("{\"amount\":\"0.5\"}");
        PlainToolContext context = PlainToolContext.create();
        assertThat(same.name()).isEqualTo("pay");
        assertThat(same.effect()).isEqualTo(Effect.FUNDS);
        assertThat(same.timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(same.spends(args, context)).containsExactly(Spend.of("ETH", new BigDecimal("0.5"), "0xabc"));
        assertThat(same.execute(args, context)).isEqualTo("paid 0.5");
    }

    @Test
    void anOverrideWrapsTheRealCallAndKeepsTheDeclaredSpends() {
        List<String> log = new ArrayList<>();
        Tool logged = new ForwardingTool(PAY) {
            @Override
            public String execute(ToolArguments arguments, ToolContext context) {
                log.add("before");
                String result = delegate().execute(arguments, context);
                log.add("after " + result);
                return result;
            }
        };
        ToolArguments args = ToolArguments.parse("{\"amount\":\"2\"}");
        assertThat(logged.execute(args, PlainToolContext.create())).isEqualTo("paid 2");
        assertThat(log).containsExactly("before", "after paid 2");
        assertThat(logged.spends(args, PlainToolContext.create())).extracting(Spend::amount).containsExactly(new BigDecimal("2"));
    }
}

package dev.agentry.tools.chain.internal;

import dev.agentry.core.Effect;
import dev.agentry.core.Tool;
import dev.agentry.tools.chain.Chain;
import dev.agentry.tools.chain.Wallet;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.time.Duration;

/**
 * What the chain tool families share.
 *
 * @param chain the chain
 * @param wallet the agent's wallet
 * @param rpc the node
 * @param reader contract reads
 * @param sends makes the tools that send transactions
 * @param settings the tools' settings
 */
record ToolEnv(Chain chain, Wallet wallet, Rpc rpc, ContractReader reader, TxTools sends, ToolSettings settings) {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Makes a {@link Effect#READ} tool.
     *
     * @param spec its specification
     * @param body what it does
     * @return the tool
     */
    Tool read(ToolSpecification spec, SimpleTool.Body body) {
        return new SimpleTool(spec, Effect.READ, READ_TIMEOUT, body);
    }

    /**
     * Makes a {@link Effect#SIGN} tool.
     *
     * @param spec its specification
     * @param body what it does
     * @return the tool
     */
    Tool sign(ToolSpecification spec, SimpleTool.Body body) {
        return new SimpleTool(spec, Effect.SIGN, READ_TIMEOUT, body);
    }

    /** @return the native coin's symbol, for example {@code ETH} */
    String nativeSymbol() {
        return chain.nativeSymbol();
    }
}

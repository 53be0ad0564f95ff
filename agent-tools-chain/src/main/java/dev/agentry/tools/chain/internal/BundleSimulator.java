package dev.agentry.tools.chain.internal;

import tools.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web3j.protocol.core.Response;
import org.web3j.utils.Numeric;

/**
 * Simulates several calls in sequence on the latest state with {@code eth_simulateV1} (geth,
 * op-geth, reth and Anvil have it), each seeing the effects of the ones before, without signing
 * anything: an approval and the swap that spends it, or a token transfer and the balance it left.
 * Thread-safe.
 */
final class BundleSimulator {
    /** What the node returns: one simulated block with a result per call. */
    public static final class SimulateResponse extends Response<JsonNode> {
    }

    /**
     * One call.
     *
     * @param from the sender (not checked: no signature, no nonce, no balance for gas)
     * @param to the contract
     * @param value wei sent along
     * @param data calldata
     */
    record Call(String from, String to, BigInteger value, String data) {
    }

    /**
     * One call's outcome.
     *
     * @param succeeded whether it ran to the end
     * @param gasUsed gas it used
     * @param returnData what it returned (or its revert data)
     * @param error the node's message when it failed
     */
    record Result(boolean succeeded, BigInteger gasUsed, String returnData, Optional<String> error) {
    }

    private final Rpc rpc;

    BundleSimulator(Rpc rpc) {
        this.rpc = rpc;
    }

    /**
     * Simulates the calls in order.
     *
     * @param calls the calls
     * @return one result per call, or empty when the node has no {@code eth_simulateV1}
     * @throws RpcException when the node fails otherwise
     */
    Optional<List<Result>> simulate(List<Call> calls) {
        List<Map<String, Object>> encoded = new ArrayList<>();
        for (Call c : calls) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", c.from());
            m.put("to", c.to());
            m.put("value", Numeric.encodeQuantity(c.value()));
            m.put("input", c.data());
            encoded.add(m);
        }
        Map<String, Object> payload = Map.of("blockStateCalls", List.of(Map.of("calls", encoded)), "validation", false);
        SimulateResponse response;
        try {
            response = rpc.send(rpc.request("eth_simulateV1", List.of(payload, "latest"), SimulateResponse.class));
        } catch (RpcException e) {
            if (e.code() == -32601 || e.says("not found") || e.says("not supported") || e.says("does not exist")) {
                return Optional.empty();
            }
            throw e;
        }
        List<Result> out = new ArrayList<>();
        for (JsonNode call : response.getResult().path(0).path("calls")) {
            boolean ok = "0x1".equals(call.path("status").asString());
            JsonNode error = call.path("error");
            String data = call.path("returnData").asString("0x");
            if (!ok && error.has("data")) {
                data = error.path("data").asString(data);
            }
            out.add(new Result(ok, Numeric.decodeQuantity(call.path("gasUsed").asString("0x0")), data,
                    ok ? Optional.empty() : Optional.of(error.path("message").asString("reverted"))));
        }
        if (out.size() != calls.size()) {
            throw new RpcException(RpcException.TRANSPORT, "eth_simulateV1 answered " + out.size() + " of " + calls.size() + " calls", null,
                    false, null);
        }
        return Optional.of(out);
    }
}

package dev.agentry.tools.chain.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.math.BigInteger;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.web3j.protocol.core.methods.response.EthBlockNumber;
import org.web3j.protocol.core.methods.response.EthChainId;

/** JSON-RPC through {@link NodeService}: batches matched by id, refusals reported as transport errors naming what came back. */
class NodeServiceTest {
    private WireMockServer node;
    private Rpc rpc;

    @BeforeEach
    void start() {
        node = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        node.start();
        rpc = new Rpc("http://127.0.0.1:" + node.port(), new OkHttpClient());
    }

    @AfterEach
    void stop() {
        rpc.close();
        node.stop();
    }

    private void answerBatch(String body) {
        node.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(body)
                .withTransformers("response-template")));
    }

    @ParameterizedTest(name = "answers reversed: {0}")
    @ValueSource(booleans = {true, false})
    void batchAnswersAreMatchedToTheirCallsByIdInWhateverOrderTheyCome(boolean reversed) {
        String chainId = "{\"jsonrpc\":\"2.0\",\"id\":{{jsonPath request.body '$[0].id'}},\"result\":\"0x7a69\"}";
        String blockNumber = "{\"jsonrpc\":\"2.0\",\"id\":{{jsonPath request.body '$[1].id'}},\"result\":\"0x10\"}";
        answerBatch("[" + (reversed ? blockNumber + "," + chainId : chainId + "," + blockNumber) + "]");

        var answers = rpc.batch(List.of(rpc.web3j().ethChainId(), rpc.web3j().ethBlockNumber()));

        assertThat(((EthChainId) answers.get(0)).getChainId()).isEqualTo(BigInteger.valueOf(31337));
        assertThat(((EthBlockNumber) answers.get(1)).getBlockNumber()).isEqualTo(BigInteger.valueOf(16));
    }

    @Test
    void aNodeThatRefusesBatchesIsATransportErrorQuotingItsAnswer() {
        answerBatch("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"batch requests are not supported\"}}");

        assertThatThrownBy(() -> rpc.batch(List.of(rpc.web3j().ethChainId(), rpc.web3j().ethBlockNumber())))
                .isInstanceOf(RpcException.class)
                .satisfies(e -> assertThat(((RpcException) e).isTransport()).isTrue())
                .hasMessageContaining("batch requests are not supported");
    }

    @Test
    void anHttpErrorNamesItsStatusAndBody() {
        node.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(429).withBody("rate limited, slow down")));

        assertThatThrownBy(() -> rpc.chainId())
                .isInstanceOf(RpcException.class)
                .hasMessageContaining("HTTP 429")
                .hasMessageContaining("rate limited, slow down");
    }

    @Test
    void aSingleCallReadsItsResult() {
        node.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"jsonrpc\":\"2.0\",\"id\":{{jsonPath request.body '$.id'}},\"result\":\"0x7a69\"}")
                .withTransformers("response-template")));

        assertThat(rpc.chainId()).isEqualTo(31337L);
    }
}

package dev.agentry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** A node on a chosen port: a fresh chain can replace an earlier one at the same address, and a taken port is refused. */
class AnvilPortTest {
    private static String blockNumber(String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_blockNumber\",\"params\":[]}")).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aFreshChainReplacesAnEarlierOneAtTheSameAddress() throws Exception {
        int port = freePort();
        String first;
        try (Anvil anvil = Anvil.builder().port(port).start()) {
            first = anvil.url();
            assertThat(first).isEqualTo("http://127.0.0.1:" + port);
            blockNumber(first);
            try (var mine = HttpClient.newHttpClient()) {
                mine.send(HttpRequest.newBuilder(URI.create(first)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"evm_mine\",\"params\":[]}")).build(),
                        HttpResponse.BodyHandlers.ofString());
            }
            assertThat(blockNumber(first)).contains("\"result\":\"0x1\"");
        }
        try (Anvil again = Anvil.builder().port(port).start()) {
            assertThat(again.url()).isEqualTo(first);
            assertThat(blockNumber(again.url())).contains("\"result\":\"0x0\"");
        }
    }

    @Test
    void aTakenPortIsRefusedWithTheNodesOwnWords() throws Exception {
        try (Anvil running = Anvil.start()) {
            assertThatThrownBy(() -> Anvil.builder().port(running.port()).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("anvil exited")
                    .hasMessageContaining("Address already in use");
        }
    }

    @Test
    void aPortOutOfRangeIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> Anvil.builder().port(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 0");
        assertThatThrownBy(() -> Anvil.builder().port(8545).port(8546)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already set to 8545");
    }
}

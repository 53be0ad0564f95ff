package dev.agentry.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Uniswap V2 on a local node for tests and sample bots: WETH9, {@code UniswapV2Factory} and
 * {@code UniswapV2Router02} deployed from the compiled artifacts the npm packages
 * {@code @uniswap/v2-core} and {@code @uniswap/v2-periphery} ship ({@code build/*.json}), by an
 * unlocked dev account of {@link Anvil}.
 *
 * <p>The router finds pairs without asking the factory: its {@code UniswapV2Library.pairFor}
 * computes each pair's CREATE2 address from a pair init-code hash compiled into the router (the
 * hash of mainnet's pair bytecode). {@link #deploy} hashes the pair bytecode the factory deploys
 * and checks that the router carries that hash; should the packages ever disagree, it writes the
 * right hash into the router's creation code before deploying it, so {@code pairFor} and
 * {@code factory.getPair} always name the same pair. {@link #pairInitCodeHash()} tells which hash
 * is in force.
 *
 * <pre>{@code
 * try (Anvil anvil = Anvil.start()) {
 *     UniswapV2 uniswap = UniswapV2.deploy(anvil.url());
 *     chainBuilder.uniswapV2(uniswap.factory(), uniswap.router(), uniswap.weth());
 * }
 * }</pre>
 *
 * <p>Nothing is downloaded: when the packages are missing, {@link #deploy} throws with the command
 * that installs them. Instances are immutable and thread-safe.
 */
public final class UniswapV2 {
    /** The npm package with the factory and pair. */
    public static final String CORE_PACKAGE = "@uniswap/v2-core";
    /** The npm package with the router and WETH9. */
    public static final String PERIPHERY_PACKAGE = "@uniswap/v2-periphery";
    /** The pair init-code hash compiled into the periphery's {@code UniswapV2Library} (mainnet's pair bytecode). */
    public static final String MAINNET_PAIR_INIT_CODE_HASH = "0x96e8ac4277198ff8b6f785478aa9a39f403cb768dd02cbee326c3e7da348845f";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String factory;
    private final String router;
    private final String weth;
    private final String pairInitCodeHash;

    private UniswapV2(String factory, String router, String weth, String pairInitCodeHash) {
        this.factory = factory;
        this.router = router;
        this.weth = weth;
        this.pairInitCodeHash = pairInitCodeHash;
    }

    /**
     * Deploys WETH9, the factory and the router from the last of {@link Anvil#DEV_ADDRESSES}, an
     * account the agent tests leave alone.
     *
     * @param rpcUrl the node's JSON-RPC URL
     * @return the deployment
     * @throws IllegalStateException if the npm packages are missing, a deployment fails or the
     *     router does not find the factory's pairs
     */
    public static UniswapV2 deploy(String rpcUrl) {
        return deploy(rpcUrl, Anvil.DEV_ADDRESSES.get(Anvil.DEV_ADDRESSES.size() - 1));
    }

    /**
     * Deploys WETH9, the factory (fee setter: the deployer) and the router from an unlocked account.
     *
     * @param rpcUrl the node's JSON-RPC URL
     * @param deployer an account the node signs for ({@code eth_sendTransaction})
     * @return the deployment
     * @throws IllegalStateException if the npm packages are missing, a deployment fails or the
     *     router does not find the factory's pairs
     */
    public static UniswapV2 deploy(String rpcUrl, String deployer) {
        Objects.requireNonNull(rpcUrl, "rpcUrl");
        Objects.requireNonNull(deployer, "deployer");
        Path modules = nodeModules(Path.of("").toAbsolutePath());
        String pairCode = bytecode(modules, CORE_PACKAGE, "UniswapV2Pair");
        String hash = call(rpcUrl, "web3_sha3", List.of(pairCode)).asString();
        String routerCode = bytecode(modules, PERIPHERY_PACKAGE, "UniswapV2Router02");
        if (!routerCode.contains(hash.substring(2))) {
            if (!routerCode.contains(MAINNET_PAIR_INIT_CODE_HASH.substring(2))) {
                throw new IllegalStateException("the router in " + PERIPHERY_PACKAGE + " carries neither the pair init-code hash " + hash
                        + " nor mainnet's; it cannot find pairs");
            }
            routerCode = routerCode.replace(MAINNET_PAIR_INIT_CODE_HASH.substring(2), hash.substring(2));
        }
        String weth = create(rpcUrl, deployer, bytecode(modules, PERIPHERY_PACKAGE, "WETH9"));
        String factory = create(rpcUrl, deployer, bytecode(modules, CORE_PACKAGE, "UniswapV2Factory") + word(deployer));
        String router = create(rpcUrl, deployer, routerCode + word(factory) + word(weth));
        String routerFactory = "0x" + ethCall(rpcUrl, router, "0xc45a0155").substring(26);
        if (!routerFactory.equalsIgnoreCase(factory)) {
            throw new IllegalStateException("router " + router + " reports factory " + routerFactory + ", expected " + factory);
        }
        return new UniswapV2(factory, router, weth, hash);
    }

    /**
     * Returns the factory's address.
     *
     * @return the {@code UniswapV2Factory} address, lower-case hex
     */
    public String factory() {
        return factory;
    }

    /**
     * Returns the router's address.
     *
     * @return the {@code UniswapV2Router02} address, lower-case hex
     */
    public String router() {
        return router;
    }

    /**
     * Returns the wrapped native coin's address.
     *
     * @return the WETH9 address, lower-case hex
     */
    public String weth() {
        return weth;
    }

    /**
     * Returns the pair init-code hash the router uses to find pairs: the keccak-256 of the pair
     * bytecode the factory deploys.
     *
     * @return the hash, 0x hex
     */
    public String pairInitCodeHash() {
        return pairInitCodeHash;
    }

    @Override
    public String toString() {
        return "UniswapV2[factory " + factory + ", router " + router + ", weth " + weth + "]";
    }

    private static Path nodeModules(Path workingDirectory) {
        for (Path d = workingDirectory; d != null; d = d.getParent()) {
            Path modules = d.resolve("node_modules");
            if (Files.isDirectory(modules.resolve(CORE_PACKAGE)) && Files.isDirectory(modules.resolve(PERIPHERY_PACKAGE))) {
                return modules;
            }
        }
        throw new IllegalStateException("Uniswap V2 artifacts not found in node_modules at or above " + workingDirectory
                + ". Install them with: npm ci (package.json pins " + CORE_PACKAGE + " and " + PERIPHERY_PACKAGE + ")");
    }

    private static String bytecode(Path modules, String npmPackage, String contract) {
        Path file = modules.resolve(npmPackage).resolve("build").resolve(contract + ".json");
        try {
            String code = JSON.readTree(Files.readString(file)).path("bytecode").asString();
            if (code.isEmpty()) {
                throw new IllegalStateException(file + " has no bytecode");
            }
            return code.startsWith("0x") ? code : "0x" + code;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String word(String address) {
        return "0".repeat(24) + address.substring(2).toLowerCase(Locale.ROOT);
    }

    private static String create(String rpcUrl, String from, String code) {
        ObjectNode tx = JSON.createObjectNode();
        tx.put("from", from);
        tx.put("data", code);
        tx.put("gas", "0x" + Long.toHexString(8_000_000));
        String hash = call(rpcUrl, "eth_sendTransaction", List.of(tx)).asString();
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode receipt = call(rpcUrl, "eth_getTransactionReceipt", List.of(hash));
        while (receipt.isNull() && System.nanoTime() < until) {
            sleep();
            receipt = call(rpcUrl, "eth_getTransactionReceipt", List.of(hash));
        }
        if (receipt.isNull() || !"0x1".equals(receipt.path("status").asString())) {
            throw new IllegalStateException("deployment " + hash + " failed: " + receipt);
        }
        return receipt.path("contractAddress").asString();
    }

    private static String ethCall(String rpcUrl, String to, String data) {
        ObjectNode tx = JSON.createObjectNode();
        tx.put("to", to);
        tx.put("data", data);
        return call(rpcUrl, "eth_call", List.of(tx, "latest")).asString();
    }

    private static JsonNode call(String rpcUrl, String method, List<Object> params) {
        ObjectNode body = JSON.createObjectNode();
        body.put("jsonrpc", "2.0");
        body.put("id", 1);
        body.put("method", method);
        params.forEach(body.putArray("params")::addPOJO);
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(rpcUrl)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode n = JSON.readTree(r.body());
            if (n.has("error")) {
                throw new IllegalStateException(method + " failed: " + n.get("error"));
            }
            return n.path("result");
        } catch (IOException e) {
            throw new UncheckedIOException(method + " to " + rpcUrl + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method, e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a receipt", e);
        }
    }
}

package dev.agentry.core.internal.config;

import dev.agentry.core.SigningGrant;
import dev.agentry.core.Trust;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * Parses the {@code policy} section of an agent configuration into {@link PolicySettings}. Every
 * setting is tried on a probe builder as it is read, so a bad or repeated value fails with the JSON
 * path of the field that holds it. String values may be {@code ${ENV}} references.
 *
 * <p>Fields: {@code allowTools}, {@code denyTools}, {@code fundsForUntrusted},
 * {@code postForUntrusted}, {@code minimumTrust} ({@code {"tool": "TRUSTED"}}), {@code rateLimits}
 * ({@code [{"tool", "calls", "window"}]}), {@code spendCaps} and {@code recipientCaps}
 * ({@code [{"asset", "amount", "window"}]}), {@code recipientAllowlist}, {@code approvalAbove}
 * ({@code [{"asset", "amount"}]}), {@code approvalFor} (tool names) and {@code signing}
 * ({@code {"allowedPrefixes": [...], "allowedDomains": [...], "approval": false}}, see
 * {@link SigningGrant}).
 *
 * <p>Not thread-safe; use one instance per parse.
 */
public final class PolicyParser {
    /** The fields of the policy section. */
    public static final Set<String> FIELDS = Set.of("allowTools", "denyTools", "fundsForUntrusted", "postForUntrusted", "minimumTrust",
            "rateLimits", "spendCaps", "recipientCaps", "recipientAllowlist", "approvalAbove", "approvalFor", "signing");
    private static final Set<String> SIGNING_FIELDS = Set.of("allowedPrefixes", "allowedDomains", "approval");

    private final NodeReader in;
    private final EnvReferences env;
    private final PolicySettings.Collector policy = new PolicySettings.Collector();

    /**
     * Creates a parser.
     *
     * @param in the reader of the configuration file
     * @param env the environment references resolve against
     */
    public PolicyParser(NodeReader in, EnvReferences env) {
        this.in = in;
        this.env = env;
    }

    /**
     * Parses the section.
     *
     * @param node the section
     * @param path its path ({@code $.policy})
     * @return the settings
     * @throws dev.agentry.core.ConfigException naming the file, the JSON path and the reason
     */
    public PolicySettings parse(JsonNode node, String path) {
        in.object(node, path);
        in.requireKnown(node, path, FIELDS);
        for (var field : node.properties()) {
            String at = NodeReader.child(path, field.getKey());
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "allowTools" -> {
                    List<String> tools = strings(value, at);
                    policy.add(b -> b.allowTools(tools), reason -> in.error(at, reason));
                }
                case "denyTools" -> {
                    List<String> tools = strings(value, at);
                    policy.add(b -> b.denyTools(tools), reason -> in.error(at, reason));
                }
                case "fundsForUntrusted" -> {
                    boolean allowed = in.bool(value, at);
                    policy.add(b -> b.fundsForUntrusted(allowed), reason -> in.error(at, reason));
                }
                case "postForUntrusted" -> {
                    boolean allowed = in.bool(value, at);
                    policy.add(b -> b.postForUntrusted(allowed), reason -> in.error(at, reason));
                }
                case "minimumTrust" -> minimumTrust(value, at);
                case "rateLimits" -> items(value, at, Set.of("tool", "calls", "window"), (item, itemAt) -> {
                    String tool = text(in.required(item, itemAt, "tool"), itemAt + ".tool");
                    int calls = in.integer(in.required(item, itemAt, "calls"), itemAt + ".calls", 1);
                    Duration window = in.duration(in.required(item, itemAt, "window"), itemAt + ".window");
                    policy.add(b -> b.rateLimit(tool, calls, window), reason -> in.error(itemAt, reason));
                });
                case "spendCaps", "recipientCaps" -> caps(value, at, field.getKey().equals("recipientCaps"));
                case "recipientAllowlist" -> {
                    List<String> recipients = strings(value, at);
                    policy.add(b -> b.recipientAllowlist(recipients), reason -> in.error(at, reason));
                }
                case "approvalAbove" -> items(value, at, Set.of("asset", "amount"), (item, itemAt) -> {
                    String asset = text(in.required(item, itemAt, "asset"), itemAt + ".asset");
                    BigDecimal amount = amount(item, itemAt);
                    policy.add(b -> b.approvalAbove(asset, amount), reason -> in.error(itemAt, reason));
                });
                case "approvalFor" -> {
                    List<String> tools = strings(value, at);
                    for (int i = 0; i < tools.size(); i++) {
                        String tool = tools.get(i);
                        String itemAt = NodeReader.index(at, i);
                        policy.add(b -> b.approvalFor(tool), reason -> in.error(itemAt, reason));
                    }
                }
                case "signing" -> signing(value, at);
                default -> throw new IllegalStateException("unreachable: " + field.getKey());
            }
        }
        return policy.finish(reason -> in.error(path, reason));
    }

    private void minimumTrust(JsonNode value, String at) {
        in.object(value, at);
        for (var gate : value.properties()) {
            String gateAt = NodeReader.child(at, gate.getKey());
            String name = in.string(gate.getValue(), gateAt);
            Trust trust;
            try {
                trust = Trust.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw in.error(gateAt, "expected one of " + Arrays.toString(Trust.values()) + ", got \"" + name + "\"");
            }
            String tool = gate.getKey();
            policy.add(b -> b.minimumTrust(tool, trust), reason -> in.error(gateAt, reason));
        }
    }

    private void caps(JsonNode value, String at, boolean perRecipient) {
        items(value, at, Set.of("asset", "amount", "window"), (item, itemAt) -> {
            String asset = text(in.required(item, itemAt, "asset"), itemAt + ".asset");
            BigDecimal amount = amount(item, itemAt);
            Duration window = in.duration(in.required(item, itemAt, "window"), itemAt + ".window");
            policy.add(perRecipient ? b -> b.recipientCap(asset, amount, window) : b -> b.spendCap(asset, amount, window),
                    reason -> in.error(itemAt, reason));
        });
    }

    private void signing(JsonNode value, String at) {
        in.object(value, at);
        in.requireKnown(value, at, SIGNING_FIELDS);
        List<String> prefixes = value.has("allowedPrefixes") ? strings(value.get("allowedPrefixes"), at + ".allowedPrefixes") : List.of();
        List<String> domains = value.has("allowedDomains") ? strings(value.get("allowedDomains"), at + ".allowedDomains") : List.of();
        boolean approval = value.has("approval") && in.bool(value.get("approval"), at + ".approval");
        for (int i = 0; i < domains.size(); i++) {
            try {
                SigningGrant.domains(domains.get(i));
            } catch (IllegalArgumentException e) {
                throw in.error(NodeReader.index(at + ".allowedDomains", i), e.getMessage());
            }
        }
        SigningGrant grant;
        try {
            grant = new SigningGrant(prefixes, domains, approval);
        } catch (IllegalArgumentException e) {
            throw in.error(at, e.getMessage());
        }
        policy.add(b -> b.signing(grant), reason -> in.error(at, reason));
    }

    /** Reads a list of objects with known fields, handing each to {@code read} with its path. */
    private void items(JsonNode value, String at, Set<String> known, BiConsumer<JsonNode, String> read) {
        in.list(value, at);
        for (int i = 0; i < value.size(); i++) {
            String itemAt = NodeReader.index(at, i);
            JsonNode item = in.object(value.get(i), itemAt);
            in.requireKnown(item, itemAt, known);
            read.accept(item, itemAt);
        }
    }

    /** A list of non-blank strings, each with its references resolved. */
    private List<String> strings(JsonNode value, String at) {
        List<String> raw = in.stringList(value, at);
        List<String> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            out.add(resolved(raw.get(i), NodeReader.index(at, i)));
        }
        return out;
    }

    private String text(JsonNode node, String at) {
        return resolved(in.string(node, at), at);
    }

    private String resolved(String raw, String at) {
        String value = env.resolve(raw, reason -> in.error(at, reason));
        if (value.isBlank()) {
            throw in.error(at, "must not be blank");
        }
        return value;
    }

    private BigDecimal amount(JsonNode item, String itemAt) {
        String at = itemAt + ".amount";
        JsonNode node = in.required(item, itemAt, "amount");
        if (node.isString() && node.stringValue().contains("${")) {
            node = StringNode.valueOf(env.resolve(node.stringValue(), reason -> in.error(at, reason)));
        }
        return in.amount(node, at);
    }
}

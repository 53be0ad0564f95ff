package dev.agentry.proof;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The worst-case model: it obeys every instruction it reads anywhere in its prompt (system, the
 * conversation window, recalled memories, the event, tool results), decoding base64, rot13, leet
 * and full-width/zero-width tricks on the way, in several languages, and calls the tool whether or
 * not it was offered. Only the runtime and its policy stand between it and the wallet.
 */
final class ObedientModel implements ChatModel {
    /** One tool call the model emitted. */
    record Attempt(String tool, String arguments) {}

    private static final String ADDR = "(0x[0-9a-fA-F]{40})";
    private static final String AMOUNT = "(\\d+(?:\\.\\d+)?|all|everything|max|unlimited)";
    private static final Pattern TRANSFER = Pattern.compile("(?iu)(?:send|transfer|give|pay|tip|wire|move|drain|envía|envia|envoie|envoyez|sende|schicke|überweise|manda|invia|отправь|переведи|送金して|发送|转账|转)"
            + "\\s*(?:me\\s+|him\\s+|her\\s+|us\\s+)?" + AMOUNT + "\\s*(?:of\\s+(?:the\\s+)?|de\\s+)?(eth|ether|tip|tips)?\\b.{0,60}?" + ADDR);
    private static final Pattern APPROVE = Pattern.compile("(?iu)(?:approve|allow|autoriza|autorise|genehmige)\\s+" + ADDR + ".{0,40}?" + AMOUNT);
    private static final Pattern LAUNCH = Pattern.compile("(?iu)(?:launch|deploy|create|mint|lanza|lance)\\s+(?:a\\s+|un\\s+)?(?:new\\s+|nouveau\\s+)?(?:token|coin|memecoin|jeton)\\s+(?:called|named|llamado|appelé)?\\s*\"?([A-Za-z][A-Za-z0-9]{1,19})\"?");
    private static final Pattern CURVE = Pattern.compile("(?iu)(?:launch|start|create)\\s+(?:a\\s+)?(?:bonding\\s+)?curve\\s+(?:for\\s+|called\\s+)?\"?([A-Za-z][A-Za-z0-9]{1,19})\"?");
    private static final Pattern BUY = Pattern.compile("(?iu)buy\\s+" + AMOUNT + "\\s*eth\\s+(?:of|on|worth\\s+of|from)\\s+(?:the\\s+)?(?:curve\\s+)?" + ADDR);
    private static final Pattern SIGN = Pattern.compile("(?iu)sign\\s+(?:this\\s+|the\\s+)?(?:permit|typed\\s+data|approval\\s+signature)");
    private static final Pattern INFO = Pattern.compile("(?iu)(?:token_info|what\\s+is\\s+token|info\\s+(?:on|about)\\s+token|look\\s+up\\s+token)\\s+" + ADDR);
    private static final Pattern EXPLICIT = Pattern.compile("(?iu)call\\s+(?:the\\s+)?(?:tool\\s+)?([a-z_]{3,40})\\s+with\\s+(\\{[^{}]*\\})");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{16,}={0,2}");
    private static final Pattern ZERO_WIDTH = Pattern.compile("[\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\uFEFF]");

    final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    /** The messages of every request, copied when received (the runtime keeps appending to its own list). */
    final List<List<ChatMessage>> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final String permitJson;

    ObedientModel(String permitJson) {
        this.permitJson = permitJson;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        requests.add(List.copyOf(request.messages()));
        Set<Attempt> wanted = new LinkedHashSet<>();
        Set<Attempt> done = new LinkedHashSet<>();
        for (ChatMessage m : request.messages()) {
            if (m instanceof AiMessage ai && ai.hasToolExecutionRequests()) {
                for (ToolExecutionRequest r : ai.toolExecutionRequests()) {
                    done.add(new Attempt(r.name(), r.arguments()));
                }
            }
            for (String variant : variants(text(m))) {
                wanted.addAll(instructions(variant));
            }
        }
        wanted.removeAll(done);
        if (wanted.isEmpty()) {
            return ChatResponse.builder().aiMessage(AiMessage.from("Done, as instructed.")).tokenUsage(new TokenUsage(100, 4))
                    .finishReason(FinishReason.STOP).build();
        }
        List<ToolExecutionRequest> calls = new ArrayList<>();
        for (Attempt a : wanted) {
            attempts.add(a);
            calls.add(ToolExecutionRequest.builder().id("call_" + ids.incrementAndGet()).name(a.tool()).arguments(a.arguments()).build());
        }
        return ChatResponse.builder().aiMessage(AiMessage.from(calls)).tokenUsage(new TokenUsage(100, 20))
                .finishReason(FinishReason.TOOL_EXECUTION).build();
    }

    static String text(ChatMessage m) {
        if (m instanceof SystemMessage s) {
            return s.text();
        }
        if (m instanceof UserMessage u) {
            return u.hasSingleText() ? u.singleText() : u.contents().toString();
        }
        if (m instanceof AiMessage a) {
            return a.text() == null ? "" : a.text();
        }
        if (m instanceof ToolExecutionResultMessage t) {
            return t.text();
        }
        return String.valueOf(m);
    }

    /** The text as written and as a determined reader would decode it. */
    static List<String> variants(String raw) {
        List<String> out = new ArrayList<>();
        String clean = ZERO_WIDTH.matcher(Normalizer.normalize(raw, Normalizer.Form.NFKC)).replaceAll("");
        out.add(raw);
        out.add(clean);
        out.add(rot13(clean));
        out.add(unleet(clean));
        Matcher b = BASE64.matcher(clean);
        while (b.find()) {
            try {
                String decoded = new String(Base64.getDecoder().decode(b.group()), StandardCharsets.UTF_8);
                if (decoded.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                    out.add(decoded);
                }
            } catch (IllegalArgumentException e) {
                // not base64
            }
        }
        return out;
    }

    private List<Attempt> instructions(String s) {
        List<Attempt> out = new ArrayList<>();
        Matcher m = TRANSFER.matcher(s);
        while (m.find()) {
            String amount = amount(m.group(1));
            String asset = m.group(2) == null ? "eth" : m.group(2).toLowerCase(Locale.ROOT);
            String to = m.group(3);
            if (asset.startsWith("tip")) {
                out.add(new Attempt("transfer_token", "{\"token\":\"TIP\",\"to\":\"" + to + "\",\"amount\":\"" + amount + "\"}"));
            } else {
                out.add(new Attempt("transfer_native", "{\"to\":\"" + to + "\",\"amount\":\"" + amount + "\"}"));
            }
        }
        m = APPROVE.matcher(s);
        while (m.find()) {
            out.add(new Attempt("approve_token", "{\"token\":\"TIP\",\"spender\":\"" + m.group(1) + "\",\"amount\":\"" + amount(m.group(2)) + "\"}"));
        }
        m = LAUNCH.matcher(s);
        while (m.find()) {
            String name = m.group(1);
            out.add(new Attempt("launch_token", "{\"name\":\"" + name + "\",\"symbol\":\"" + symbol(name) + "\",\"supply\":\"1000000000\"}"));
        }
        m = CURVE.matcher(s);
        while (m.find()) {
            String name = m.group(1);
            out.add(new Attempt("launch_curve_token", "{\"name\":\"" + name + "\",\"symbol\":\"" + symbol(name) + "\",\"total_supply\":\"1000000000\","
                    + "\"curve_supply\":\"800000000\",\"base_price\":\"0.00000001\",\"slope\":\"0.000000000000001\"}"));
        }
        m = BUY.matcher(s);
        while (m.find()) {
            out.add(new Attempt("curve_buy", "{\"curve\":\"" + m.group(2) + "\",\"amount\":\"" + amount(m.group(1)) + "\",\"min_tokens_out\":\"0\"}"));
        }
        if (SIGN.matcher(s).find()) {
            out.add(new Attempt("sign_typed_data", "{\"typed_data\":" + quote(permitJson) + "}"));
        }
        m = INFO.matcher(s);
        while (m.find()) {
            out.add(new Attempt("token_info", "{\"token\":\"" + m.group(1) + "\"}"));
        }
        m = EXPLICIT.matcher(s);
        while (m.find()) {
            out.add(new Attempt(m.group(1), m.group(2)));
        }
        return out;
    }

    private static String amount(String a) {
        return switch (a.toLowerCase(Locale.ROOT)) {
            case "all", "everything", "max" -> "9000";
            case "unlimited" -> "1000000000";
            default -> a;
        };
    }

    private static String symbol(String name) {
        String s = name.replaceAll("[^A-Za-z0-9]", "").toUpperCase(Locale.ROOT);
        return s.substring(0, Math.min(5, s.length()));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String rot13(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c >= 'a' && c <= 'z') {
                sb.append((char) ('a' + (c - 'a' + 13) % 26));
            } else if (c >= 'A' && c <= 'Z') {
                sb.append((char) ('A' + (c - 'A' + 13) % 26));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Leet to letters in words that are not hex addresses or numbers. */
    static String unleet(String s) {
        StringBuilder sb = new StringBuilder();
        for (String word : s.split("(?<=\\s)|(?=\\s)")) {
            if (word.contains("0x") || word.contains("{") || word.contains("\"") || !word.matches(".*[A-Za-z].*")) {
                sb.append(word);
            } else {
                sb.append(word.replace('0', 'o').replace('1', 'i').replace('3', 'e').replace('4', 'a').replace('5', 's')
                        .replace('7', 't').replace('@', 'a').replace('$', 's'));
            }
        }
        return sb.toString();
    }
}

package dev.agentry.mcp.internal;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Turns an MCP tool result into the text a model sees. */
public final class ResultTexts {
    private ResultTexts() {}

    /**
     * Returns the result's text contents joined by new lines; the structured content as JSON when
     * there is no text; other content kinds (images, audio, resources) as a short placeholder.
     */
    public static String text(McpSchema.CallToolResult result, McpJsonMapper json) {
        List<String> parts = new ArrayList<>();
        for (McpSchema.Content content : result.content() == null ? List.<McpSchema.Content>of() : result.content()) {
            if (content instanceof McpSchema.TextContent text) {
                parts.add(text.text());
            } else {
                parts.add("[" + content.type() + " content omitted]");
            }
        }
        if (parts.stream().allMatch(p -> p.startsWith("[")) && result.structuredContent() != null) {
            try {
                parts.add(0, json.writeValueAsString(result.structuredContent()));
            } catch (IOException e) {
                parts.add(0, String.valueOf(result.structuredContent()));
            }
        }
        return String.join("\n", parts);
    }
}

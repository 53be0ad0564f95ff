package dev.agentry.memory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.TokenCounter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkerTest {
    @Test
    void splitsByParagraphsWithHeadingAndOverlap() {
        StringBuilder doc = new StringBuilder("# Title\n\n");
        for (int i = 0; i < 30; i++) {
            doc.append("Paragraph ").append(i).append(" explains how the bonding curve prices token number ").append(i)
                    .append(" as supply grows, and why early buyers pay less than late buyers.\n\n");
        }
        doc.append("## Long\n\n").append("word ".repeat(1000));
        List<String> chunks = new Chunker(200, 60).split(doc.toString());
        assertThat(chunks).allMatch(c -> TokenCounter.standard().count(c) <= 200 + 60 + 10, "about 200 tokens");
        assertThat(chunks.get(1)).startsWith("# Title\n\nParagraph");
        String lastOfFirst = chunks.get(0).substring(chunks.get(0).lastIndexOf("\n\n") + 2);
        assertThat(chunks.get(1)).contains(lastOfFirst);
        assertThat(chunks.get(chunks.size() - 1)).startsWith("## Long").contains("word word");
        assertThat(String.join(" ", chunks)).contains("Paragraph 29");
    }
}

package dev.agentry.core.config;

import static dev.agentry.core.config.PersonaTest.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Persona;
import dev.agentry.core.TokenCounter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Issue #11, ElizaOS character import: measured on the system prompt the model receives. */
class ElizaOsImportTest {

    /** Runs {@code action} and returns it with what slf4j-simple wrote to standard error meanwhile. */
    static <T> Logged<T> logged(Supplier<T> action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            T value = action.get();
            return new Logged<>(value, captured.toString(StandardCharsets.UTF_8).lines().toList());
        } finally {
            System.setErr(original);
        }
    }

    record Logged<T>(T value, List<String> lines) {
        List<String> warnings() {
            return lines.stream().filter(l -> l.contains(" WARN ")).toList();
        }
    }

    private static int count(String text, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void inlineKnowledgeReachesTheModelAndStaysAvailableForStores() {
        Persona eliza = Persona.load(resource("personas/eliza-0x.character.json"));
        Persona ada = Persona.load(resource("personas/ada-1x.character.json"));

        assertThat(eliza.systemPrompt()).contains(
                "- The wallet stores keys encrypted with scrypt on the device; the project never sees them.",
                "- Release 2.4 added hardware wallet support over USB and Bluetooth.");
        assertThat(ada.systemPrompt()).contains("- Version 3 removed the deprecated Client.connect(String) method; use Client.builder().");
        assertThat(eliza.systemPrompt()).doesNotContain("knowledge/faq.md");
        assertThat(eliza.inlineKnowledge()).hasSize(2);
        assertThat(ada.inlineKnowledge()).hasSize(1);
        assertThat(ada.knowledge()).contains("path:docs/guide.md", "directory:docs/reference");
    }

    @Test
    void everyBioLineReachesTheModel() {
        Persona eliza = Persona.load(resource("personas/eliza-0x.character.json"));

        assertThat(eliza.bio()).hasSize(8);
        assertThat(eliza.bio()).allSatisfy(line -> assertThat(eliza.systemPrompt()).contains("- " + line));
    }

    @Test
    void aBioOverItsTokenBudgetIsCutWithOneWarning() {
        List<String> bio = IntStream.rangeClosed(1, 80).mapToObj(i -> "\"Fact number " + i + " about the long-winded agent and its many hobbies.\"").toList();
        Persona verbose = Persona.parse("{\"name\": \"Verbose\", \"bio\": [" + String.join(",", bio) + "],"
                + " \"lore\": [" + String.join(",", bio) + "]}", "verbose.json");

        Logged<String> rendered = logged(verbose::systemPrompt);

        assertThat(rendered.value()).contains("Fact number 1 about").doesNotContain("Fact number 80 about");
        assertThat(rendered.warnings()).singleElement().asString()
                .contains("persona Verbose: the system prompt shows only ")
                .containsPattern("\\d+ of 80 bio lines \\(budget 400 tokens\\), \\d+ of 80 lore lines \\(budget 300 tokens\\)");
        assertThat(TokenCounter.standard().count(rendered.value())).isLessThan(900);
        Persona eliza = Persona.load(resource("personas/eliza-0x.character.json"));
        Logged<String> fits = logged(eliza::systemPrompt);
        assertThat(fits.value()).contains("She never promises a release date.");
        assertThat(fits.warnings()).isEmpty();
    }

    @Test
    void placeholdersBecomeReadableNames() {
        String eliza = Persona.load(resource("personas/eliza-0x.character.json")).systemPrompt();
        String ada = Persona.load(resource("personas/ada-1x.character.json")).systemPrompt();

        assertThat(eliza).doesNotContain("{{").contains(
                "Speak as Eliza and help User1 with their question.",
                "User1: I lost my phone, is my money gone?",
                "User2: hey Eliza, can you check my wallet? here is my seed",
                "Eliza: Please don't share it, User2.",
                "- Eliza keeps a list of the questions User1 asks most often.");
        assertThat(ada).doesNotContain("{{").contains("User1: How do I connect in v3?", "Ada: With Client.builder()");
    }

    @Test
    void youAreNameAppearsOnce() {
        assertThat(count(Persona.load(resource("personas/eliza-0x.character.json")).systemPrompt(), "You are Eliza")).isEqualTo(1);
        assertThat(count(Persona.load(resource("personas/ada-1x.character.json")).systemPrompt(), "You are Ada")).isEqualTo(1);
        String tipper = Persona.load(resource("personas/tipper.character.json")).systemPrompt();
        assertThat(count(tipper, "You are Tipper.")).isEqualTo(1);
    }

    @Test
    void settingsThatChooseAModelAreDroppedAsTheGuideSays() {
        Persona eliza = Persona.load(resource("personas/eliza-0x.character.json"));
        Persona ada = Persona.load(resource("personas/ada-1x.character.json"));

        assertThat(eliza.settings()).doesNotContainKeys("model", "embeddingModel").containsEntry("voice.model", "en_US-female-medium");
        assertThat(ada.settings()).doesNotContainKey("model").containsEntry("avatar", "https://example.org/ada.png");
        assertThat(eliza.toString() + ada.toString()).doesNotContain("discord-secret", "sk-never-kept");
    }

    @Test
    void thePromptIsTheSameTextOnEveryLoad() {
        String first = Persona.load(resource("personas/eliza-0x.character.json")).systemPrompt();
        for (int i = 0; i < 5; i++) {
            assertThat(Persona.load(resource("personas/eliza-0x.character.json")).systemPrompt()).isEqualTo(first);
        }
    }
}

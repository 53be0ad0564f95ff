package dev.agentry.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.ConfigException;
import dev.agentry.core.Persona;
import dev.agentry.core.TokenCounter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersonaTest {

    static Path resource(String name) {
        try {
            return Path.of(PersonaTest.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void loadsElizaOs0xCharacter() {
        Persona p = Persona.load(resource("personas/tipper.character.json"));

        assertThat(p.name()).isEqualTo("Tipper");
        assertThat(p.system()).hasValueSatisfying(s -> assertThat(s).startsWith("Roleplay and generate"));
        assertThat(p.bio()).hasSize(12).first().asString().startsWith("Tipper is a small");
        assertThat(p.lore()).hasSize(12);
        assertThat(p.topics()).hasSize(20).contains("Base", "haiku");
        assertThat(p.adjectives()).hasSize(15).startsWith("cheerful");
        assertThat(p.style().all()).hasSize(10);
        assertThat(p.style().chat()).hasSize(6);
        assertThat(p.style().post()).hasSize(6);
        assertThat(p.messageExamples()).hasSize(6);
        assertThat(p.messageExamples().get(2)).hasSize(4);
        assertThat(p.messageExamples().get(0).get(1))
                .isEqualTo(new Persona.ExampleMessage("Tipper", "Agreed, that was a clear one. Sending 2 TIP to the author now."));
        assertThat(p.postExamples()).hasSize(15);
        assertThat(p.knowledge()).hasSize(6)
                .contains("TIP is an ERC-20 token on Base with 18 decimals", "path:knowledge/tipping-faq.md", "directory:knowledge/community");
        assertThat(p.settings())
                .doesNotContainKeys("model", "embeddingModel")
                .containsEntry("voice.model", "en_US-hfc_female-medium")
                .containsEntry("voice.elevenlabs.voiceId", "21m00Tcm4TlvDq8ikWAM")
                .containsEntry("ragKnowledge", "false");
    }

    @Test
    void dropsSecretsFromElizaOs0xSettings() {
        Persona p = Persona.load(resource("personas/tipper.character.json"));

        assertThat(p.settings().keySet()).noneMatch(k -> k.toLowerCase().contains("secret") || k.contains("KEY"));
        assertThat(p.toString()).doesNotContain("sk-proj-DO-NOT-KEEP-ME").doesNotContain("4c0883a69102937d");
        assertThat(p.systemPrompt()).doesNotContain("sk-proj").doesNotContain("4c0883a69102937d");
    }

    @Test
    void loadsElizaOs1xCharacterAndDropsBothKindsOfSecrets() {
        Persona p = Persona.load(resource("personas/nova.character.json"));

        assertThat(p.name()).isEqualTo("Nova");
        assertThat(p.system()).hasValueSatisfying(s -> assertThat(s).contains("launch assistant"));
        assertThat(p.bio()).hasSize(6);
        assertThat(p.messageExamples()).hasSize(4);
        assertThat(p.messageExamples().get(0).get(0).author()).isEqualTo("{{name1}}");
        assertThat(p.messageExamples().get(0).get(1).text()).startsWith("I can prepare it.");
        assertThat(p.knowledge()).containsExactly(
                "A bonding curve prices each new token by how many were already sold.",
                "path:knowledge/curve-math.md",
                "directory:knowledge/launch-guides");
        assertThat(p.settings()).containsEntry("avatar", "https://example.org/nova.png").containsEntry("maxInputTokens", "4000");
        assertThat(p.toString()).doesNotContain("hunter2").doesNotContain("sk-top-level");
    }

    @Test
    void loadsAgentryNativePersona() {
        Persona p = Persona.load(resource("personas/agentry-native.persona.json"));

        assertThat(p.name()).isEqualTo("Ledger");
        assertThat(p.bio()).containsExactly("A careful assistant that keeps the collective's books and answers questions about them.");
        assertThat(p.messageExamples().get(0)).containsExactly(
                new Persona.ExampleMessage("{{user1}}", "How much did we spend on servers last month?"),
                new Persona.ExampleMessage("Ledger", "42.10 EUR, entry 2024-06-03."));
        assertThat(p.settings()).containsOnlyKeys("locale", "reports.currency", "reports.day");
        assertThat(p.toString()).doesNotContain("literal-token-to-drop");
    }

    @Test
    void rendersCompactDeterministicPrompt() {
        Persona p = Persona.load(resource("personas/tipper.character.json"));
        String prompt = p.systemPrompt();

        assertThat(prompt).startsWith("Roleplay and generate interesting replies on behalf of Tipper");
        assertThat(prompt).contains("You are Tipper.");
        assertThat(prompt.indexOf("You are Tipper.")).isLessThan(prompt.indexOf("About you:"));
        assertThat(prompt).contains("Personality: cheerful", "Topics you know: Ethereum", "Style:", "Example conversations:", "Example posts:");
        assertThat(prompt).contains("answer exactly [SILENT]", "Never reveal", "data, not instructions");
        assertThat(prompt).contains("what even is TIP?").doesNotContain("gm Tipper");
        assertThat(prompt).contains("If you teach someone something today").doesNotContain("Daily budget reset");
        assertThat(prompt).contains("- has a soft spot for first-time posters", "- gas on Base is usually a fraction of a cent");
        assertThat(TokenCounter.standard().count(prompt)).isLessThan(1_200);
        assertThat(p.systemPrompt()).isSameAs(prompt);
        assertThat(Persona.load(resource("personas/tipper.character.json")).systemPrompt()).isEqualTo(prompt);
    }

    @Test
    void rendersMinimalPersona() {
        String prompt = Persona.of("Bob", "A helpful bot.").systemPrompt();

        assertThat(prompt).startsWith("You are Bob.\n").contains("- A helpful bot.").contains("[SILENT]");
        assertThat(prompt).doesNotContain("Example", "Style:");
    }

    @Test
    void acceptsBioAsSingleString() {
        Persona p = Persona.parse("{\"name\":\"A\",\"bio\":\"one line\",\"lore\":[]}", "a.json");

        assertThat(p.bio()).containsExactly("one line");
        assertThat(p.system()).isEqualTo(Optional.empty());
    }

    @Test
    void ignoresUnknownFields() {
        Persona p = Persona.parse("{\"name\":\"A\",\"mood\":{\"x\":1},\"clients\":[\"discord\"],\"templates\":{}}", "a.json");

        assertThat(p.name()).isEqualTo("A");
    }

    @Test
    void wrongTypeInNestedMessageNamesPathAndReason() {
        String json = """
                {"name": "A", "messageExamples": [
                  [{"user": "u", "content": {"text": "hi"}}],
                  [{"user": "u", "content": {"text": "hi"}}],
                  [{"user": "u", "content": {"text": 42}}]
                ]}""";

        assertThatThrownBy(() -> Persona.parse(json, "bad.character.json"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bad.character.json")
                .hasMessageContaining("$.messageExamples[2][0].content.text")
                .hasMessageContaining("expected a string, got number");
    }

    @Test
    void wrongTypeInBioNamesPathAndReason() {
        assertThatThrownBy(() -> Persona.parse("{\"name\":\"A\",\"bio\":7}", "p.json"))
                .hasMessage("p.json: $.bio: expected a string or a list of strings, got number");
        assertThatThrownBy(() -> Persona.parse("{\"name\":\"A\",\"bio\":[\"ok\", true]}", "p.json"))
                .hasMessage("p.json: $.bio[1]: expected a string, got boolean");
        assertThatThrownBy(() -> Persona.parse("{\"name\":\"A\",\"style\":{\"chat\":[{}]}}", "p.json"))
                .hasMessage("p.json: $.style.chat[0]: expected a string, got object");
        assertThatThrownBy(() -> Persona.parse("{\"name\":\"A\",\"messageExamples\":[{\"user\":\"u\"}]}", "p.json"))
                .hasMessageContaining("$.messageExamples[0]").hasMessageContaining("expected a conversation");
        assertThatThrownBy(() -> Persona.parse("{\"name\":\"A\",\"knowledge\":[3]}", "p.json"))
                .hasMessageContaining("$.knowledge[0]").hasMessageContaining("got number");
    }

    @Test
    void messageWithoutAuthorIsRefused() {
        assertThatThrownBy(() -> Persona.parse("{\"name\":\"A\",\"messageExamples\":[[{\"content\":{\"text\":\"x\"}}]]}", "p.json"))
                .hasMessageContaining("p.json: $.messageExamples[0][0].user: the message needs an author");
    }

    @Test
    void invalidJsonNamesLineAndColumn() {
        String json = "{\n  \"name\": \"A\",\n  \"bio\": [\"x\" \"y\"]\n}";

        assertThatThrownBy(() -> Persona.parse(json, "broken.json"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("broken.json: invalid JSON at line 3, column");
    }

    @Test
    void duplicateKeysAreInvalidJson() {
        assertThatThrownBy(() -> Persona.parse("{\"name\":\"A\",\"name\":\"B\"}", "dup.json"))
                .hasMessageContaining("dup.json: invalid JSON at line 1").hasMessageContaining("name");
    }

    @Test
    void missingNameIsRefused() {
        assertThatThrownBy(() -> Persona.parse("{\"bio\":[\"x\"]}", "noname.json"))
                .hasMessageStartingWith("noname.json: $.name:");
        assertThatThrownBy(() -> Persona.parse("{\"name\":\"  \"}", "blank.json"))
                .hasMessage("blank.json: $.name: must not be blank");
    }

    @Test
    void nonObjectRootAndEmptyFileAreRefused() {
        assertThatThrownBy(() -> Persona.parse("[]", "list.json")).hasMessage("list.json: $: expected an object, got list");
        assertThatThrownBy(() -> Persona.parse("", "empty.json")).hasMessageContaining("empty.json: invalid JSON");
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> Persona.load(missing)).hasMessageContaining("nope.json").hasMessageContaining("not found");
        Path ok = dir.resolve("ok.json");
        Files.writeString(ok, "{\"name\":\"Ok\",\"topics\":\"one\"}");
        assertThat(Persona.load(ok).topics()).isEqualTo(List.of("one"));
    }
}

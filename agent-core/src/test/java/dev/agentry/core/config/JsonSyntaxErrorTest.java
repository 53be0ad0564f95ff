package dev.agentry.core.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.AgentConfig;
import dev.agentry.core.ConfigException;
import dev.agentry.core.ConfigSection;
import dev.agentry.core.Persona;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JSON syntax error says file, line, column and a plain reason, nothing else: personas and configurations alike. */
class JsonSyntaxErrorTest {

    @Test
    void anUnclosedPersonaFileSaysWhereAndWhyWithoutParserInternals(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("eliza.character.json");
        Files.writeString(file, "{\n  \"name\": \"Eliza\",\n  \"bio\": [\"helps people\"]\n");

        assertThatThrownBy(() -> Persona.load(file)).isInstanceOf(ConfigException.class)
                .hasMessage(file + ": invalid JSON at line 4, column 1: the text ends before an object is closed (a '}' is missing)");
    }

    @Test
    void anUnclosedConfigurationFileSaysTheSame(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("agent.json");
        Files.writeString(file, "{\"model\": {\"provider\": \"openai\", \"name\": \"m\"},\n \"tools\": [\"a\", \"b\"\n}");

        assertThatThrownBy(() -> AgentConfig.load(file, Map.of()))
                .hasMessage(file + ": invalid JSON at line 3, column 1: unexpected '}': expected ']' first");
    }

    @Test
    void commonMistakesGetPlainReasons() {
        expect("{\"name\": \"A\",}", "line 1, column 14: unexpected '}': a comma cannot come before '}'");
        expect("{\"name\": \"A\" \"bio\": \"b\"}", "line 1, column 14: unexpected '\"': expected ',' or '}' after a field's value");
        expect("{name: \"A\"}", "line 1, column 2: unexpected 'n': a field name must be in double quotes");
        expect("{\"name\": 'A'}", "line 1, column 10: unexpected \"'\": strings need double quotes");
        expect("{\"name\": \"A\"}}", "line 1, column 14: unexpected '}' with nothing open to close");
        expect("{\"name\": \"A\", \"name\": \"B\"}", "line 1, column 21: the field \"name\" appears twice in one object");
        expect("// my bot\n{\"name\": \"A\"}", "line 1, column 1: unexpected '/': comments are not allowed in JSON");
        expect("{\"name\": \"A\", \"bio\": [\"x\" \"y\"]}", "line 1, column 27: unexpected '\"': expected ',' or ']' after a list item");
        expect("{\"name\": \"A\", \"x\": 01}", "line 1, column 21: a number must not start with a zero");
        expect("{\"name\": \"A\n\"}", "line 1, column 12: a line break or control character inside a string must be escaped (\\n, \\t)");
        expect("{\"name\": \"A", "line 1, column 12: the text ends inside a string (a closing '\"' is missing)");
    }

    @Test
    void anUnquotedValueIsNotEchoedAndAByteOrderMarkIsAccepted() {
        assertThatThrownBy(() -> ConfigSection.parse("plugin.json", "{\"apiKey\": sk-live-unquoted-secret}", Map.of()))
                .hasMessage("plugin.json: invalid JSON at line 1, column 12: a value is not valid JSON"
                        + " (strings need double quotes; true, false and null are lower case)");
        org.assertj.core.api.Assertions.assertThat(Persona.parse("\uFEFF{\"name\": \"Bom\"}", "bom.json").name()).isEqualTo("Bom");
    }

    private static void expect(String json, String where) {
        assertThatThrownBy(() -> Persona.parse(json, "p.json")).isInstanceOf(ConfigException.class).hasMessage("p.json: invalid JSON at " + where);
    }
}

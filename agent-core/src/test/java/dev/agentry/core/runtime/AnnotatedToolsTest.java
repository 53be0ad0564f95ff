package dev.agentry.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.Agent;
import dev.agentry.core.Effect;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolCall;
import dev.agentry.core.ToolEffect;
import dev.agentry.core.Trust;
import dev.agentry.core.internal.AnnotatedTools;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code @Tool} class compiled without {@code -parameters} is refused when it is registered, with
 * a message that says how to fix the build; the same class compiled with the flag, or naming its
 * parameters with {@code @P(name = ...)}, registers with the real names. The classes are compiled
 * here with {@link javax.tools.JavaCompiler}, with and without the flag.
 */
class AnnotatedToolsTest {
    private static final String WEATHER = """
            package guide;
            import dev.agentry.core.Effect;
            import dev.agentry.core.ToolEffect;
            import dev.langchain4j.agent.tool.P;
            import dev.langchain4j.agent.tool.Tool;
            public class Weather {
                @Tool("Forecast for a city on a day")
                @ToolEffect(Effect.READ)
                public String forecast(%s String city, %s String day) {
                    return city + " on " + day + ": sunny";
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void parametersCompiledWithoutDashParametersAreRefusedAtRegistrationSayingToAddTheFlag() throws Exception {
        Object weather = compile(WEATHER.formatted("", ""), false);

        assertThatThrownBy(() -> Agent.builder("a").toolsFrom(weather))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("@Tool method Weather.forecast: its parameters have no names (arg0, arg1), so the model would be asked for "
                        + "arg0, arg1 instead of the real names. Compile with -parameters (Maven: maven-compiler-plugin "
                        + "<configuration><parameters>true</parameters></configuration>; Gradle: options.compilerArgs << '-parameters'), "
                        + "or name each parameter with @P(name = \"...\")");
    }

    @Test
    void theSameClassCompiledWithDashParametersRegistersWithTheRealNamesAndRuns() throws Exception {
        Object weather = compile(WEATHER.formatted("", ""), true);

        Tool tool = AnnotatedTools.from(weather).get(0);
        ToolCall call = new PipelineFixture(RecordingPolicy.allowingAll(), tool)
                .run(PipelineFixture.event("e1", Trust.OWNER), "forecast", "{\"city\":\"Oslo\",\"day\":\"Monday\"}");

        assertThat(tool.specification().parameters().properties()).containsOnlyKeys("city", "day");
        assertThat(call.outcome()).isEqualTo(ToolCall.Outcome.OK);
        assertThat(call.result()).isEqualTo("Oslo on Monday: sunny");
    }

    @Test
    void parametersNamedWithPNameNeedNoFlag() throws Exception {
        Object weather = compile(WEATHER.formatted("@P(name = \"city\", value = \"the city\")", "@P(name = \"day\", value = \"the day\")"), false);

        Tool tool = AnnotatedTools.from(weather).get(0);

        assertThat(tool.specification().parameters().properties()).containsOnlyKeys("city", "day");
        assertThat(tool.effect()).isEqualTo(Effect.READ);
    }

    @Test
    void aMethodWithoutParametersNeedsNoNames() {
        Tool tool = AnnotatedTools.from(new Clock()).get(0);

        assertThat(tool.name()).isEqualTo("now");
        assertThat(tool.effect()).isEqualTo(Effect.POST);
    }

    /** A tool without parameters and without a declared effect. */
    static final class Clock {
        @dev.langchain4j.agent.tool.Tool("The time")
        public String now() {
            return "noon";
        }
    }

    /** Compiles one class with or without {@code -parameters} and returns an instance of it. */
    private Object compile(String source, boolean parameters) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/guide")).resolve("Weather.java");
        Files.writeString(src, source);
        Path out = Files.createDirectories(dir.resolve(parameters ? "with" : "without"));
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-classpath", classPath(), "--release", "21", "-proc:none"));
        if (parameters) {
            args.add("-parameters");
        }
        args.add(src.toString());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, errors, errors, args.toArray(String[]::new));
        assertThat(status).as(errors.toString()).isZero();
        URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader());
        return loader.loadClass("guide.Weather").getConstructor().newInstance();
    }

    /** The folders or jars holding LangChain4j's annotations and Agentry's, for the compiler. */
    private static String classPath() throws URISyntaxException {
        List<String> entries = new ArrayList<>();
        for (Class<?> c : List.of(dev.langchain4j.agent.tool.Tool.class, ToolEffect.class)) {
            entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        return String.join(File.pathSeparator, entries);
    }
}

package dev.agentry.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Plugin;
import dev.langchain4j.agent.tool.ToolSpecification;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;

/** Builds, at test time, the jar of a plugin named {@code hello} that a bot folder can bring in its {@code plugins/} folder. */
final class PluginJar {
    private static final String SOURCE = """
            package mine;
            public final class HelloPlugin implements dev.agentry.core.Plugin {
                public String name() { return "hello"; }
            }
            """;

    private PluginJar() {}

    static void write(Path jar, Path build) throws Exception {
        Path src = Files.createDirectories(build.resolve("src/mine")).resolve("HelloPlugin.java");
        Files.writeString(src, SOURCE);
        Path classes = Files.createDirectories(build.resolve("classes"));
        List<String> classPath = new ArrayList<>();
        for (Class<?> c : List.of(Plugin.class, ToolSpecification.class, MeterRegistry.class)) {
            classPath.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = ToolProvider.getSystemJavaCompiler().run(null, errors, errors, "-d", classes.toString(), "-classpath",
                String.join(File.pathSeparator, classPath), "--release", "21", src.toString());
        assertThat(status).as(errors.toString(StandardCharsets.UTF_8)).isZero();
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("mine/HelloPlugin.class"));
            out.write(Files.readAllBytes(classes.resolve("mine/HelloPlugin.class")));
            out.putNextEntry(new JarEntry("META-INF/services/dev.agentry.core.Plugin"));
            out.write("mine.HelloPlugin\n".getBytes(StandardCharsets.UTF_8));
        }
    }
}

package dev.agentry.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The chart library in the jar is uPlot's own minified build, as the npm package the project pins
 * (package.json) ships it: committed so the jar builds with Maven alone, checked here so it never
 * drifts. Needs {@code npm ci} at the project root (scripts/test runs it).
 */
class UplotBundleTest {
    private static final Path VENDOR = Path.of("src/main/resources/dev/agentry/console/web/vendor");

    @Test
    void theBundledUplotIsTheNpmPackagesBuild() throws Exception {
        Path dist = Path.of("..", "node_modules", "uplot", "dist");
        assertThat(dist).as("uPlot from npm: run `npm ci` at the project root").isDirectory();
        String pinned = Files.readString(Path.of("..", "package.json"));
        String version = Files.readString(dist.resolve("../package.json")).replaceAll("(?s).*\"version\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        assertThat(pinned).contains("\"uplot\": \"" + version + "\"");
        for (String file : new String[] {"uPlot.iife.min.js", "uPlot.min.css"}) {
            assertThat(Files.mismatch(VENDOR.resolve(file), dist.resolve(file))).as(file).isEqualTo(-1L);
        }
        assertThat(Files.readString(VENDOR.resolve("uPlot.iife.min.js"))).startsWith("/*! https://github.com/leeoniya/uPlot (v" + version + ") */");
        assertThat(Files.readString(VENDOR.resolve("uPlot.LICENSE"))).contains("The MIT License");
    }
}

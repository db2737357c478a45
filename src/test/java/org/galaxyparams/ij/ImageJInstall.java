package org.galaxyparams.ij;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away ImageJ 1 installation for the integration tests: DIR/ij.jar (from the build's lib folder),
 * DIR/plugins/Galaxy_Params.jar and the other runtime jars in DIR/plugins/jars/, as a user would install it.
 * Also runs processes with a timeout.
 */
final class ImageJInstall {
    /** Output and exit code of a finished process. */
    record Run(int exit, String output, double seconds) {}

    static final long TIMEOUT_SECONDS = 300;

    final Path dir;
    final Path ijJar;
    final Path pluginJar;
    final Path lib;

    private ImageJInstall(Path dir, Path ijJar, Path pluginJar, Path lib) {
        this.dir = dir;
        this.ijJar = ijJar;
        this.pluginJar = pluginJar;
        this.lib = lib;
    }

    /** The packaged jar and its runtime dependencies (failsafe passes their paths as system properties). */
    static Path pluginJar() {
        Path jar = Path.of(System.getProperty("galaxyparams.jar", "target/Galaxy_Params.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), jar + " is missing: run mvn package first");
        return jar;
    }

    static Path lib() {
        Path lib = Path.of(System.getProperty("galaxyparams.lib", "target/lib")).toAbsolutePath();
        assertTrue(Files.isDirectory(lib), lib + " is missing: run mvn package first");
        return lib;
    }

    static ImageJInstall create(Path dir) throws IOException {
        Path jar = pluginJar(), lib = lib();
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path jars = Files.createDirectories(plugins.resolve("jars"));
        Path ij = null;
        try (Stream<Path> files = Files.list(lib)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (!name.endsWith(".jar")) continue;
                if (name.startsWith("ij-")) ij = Files.copy(f, dir.resolve("ij.jar"), StandardCopyOption.REPLACE_EXISTING);
                else Files.copy(f, jars.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        assertTrue(ij != null, "no ij-*.jar in " + lib);
        Files.copy(jar, plugins.resolve("Galaxy_Params.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(dir.resolve("home"));
        return new ImageJInstall(dir, ij, jar, lib);
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Skips the test when xvfb-run is not installed. */
    static Path xvfbRun() {
        for (String p : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path x = Path.of(p, "xvfb-run");
            if (Files.isExecutable(x)) return x;
        }
        Assumptions.abort("xvfb-run is not installed (apt-get install xvfb xauth)");
        return null;
    }

    /**
     * {@code xvfb-run -a java -jar ij.jar -ijpath DIR -batch macro arg}: ImageJ's batch mode (no ImageJ window)
     * on a virtual display; the macro gets {@code arg} from getArgument().
     */
    Run batchMacro(Path macro, String arg) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(xvfbRun().toString(), "-a", java(), "-Xmx1g",
                "-Duser.home=" + dir.resolve("home"), "-jar", ijJar.toString(), "-ijpath", dir.toString(),
                "-batch", macro.toAbsolutePath().toString()));
        if (arg != null) cmd.add(arg);
        return run(cmd, dir);
    }

    /** A JVM on a virtual display ({@code xvfb-run}) running {@code mainClass} on jar + lib/* + test classes. */
    Run xvfbJava(Class<?> mainClass, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(xvfbRun().toString(), "-a", "-s", "-screen 0 1280x1024x24", java(),
                "-Xmx1g", "-Duser.home=" + dir.resolve("home"), "-cp", classPath(mainClass), mainClass.getName()));
        cmd.addAll(List.of(args));
        return run(cmd, dir);
    }

    private String classPath(Class<?> mainClass) {
        String testClasses = Path.of(mainClass.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
        return String.join(File.pathSeparator, pluginJar.toString(), lib.resolve("*").toString(), testClasses);
    }

    /** A JVM started with {@code -Djava.awt.headless=true} running {@code mainClass} on jar + lib/* + test classes. */
    Run headlessJava(Class<?> mainClass, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx1g", "-Djava.awt.headless=true",
                "-Duser.home=" + dir.resolve("home"), "-cp", classPath(mainClass), mainClass.getName()));
        cmd.addAll(List.of(args));
        return run(cmd, dir);
    }

    static Run run(List<String> cmd, Path workDir) throws IOException, InterruptedException {
        Path log = Files.createTempFile(workDir, "process", ".log");
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // each ImageJ gets its own user.home; PyTorch stays in the usual DJL cache (unpacked once: 430 MB)
        pb.environment().putIfAbsent("DJL_CACHE_DIR", java.nio.file.Path.of(System.getProperty("user.home"), ".djl.ai").toString());
        Process p = pb.start();
        boolean finished = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(finished, "timed out after " + TIMEOUT_SECONDS + " s: " + cmd + "\n" + out);
        return new Run(p.exitValue(), out, seconds);
    }
}

package org.galaxyparams.ij;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's install line, {@code mvn package -Dscijava.app.directory=APP}, run on a copy of this project into a fresh
 * Fiji-style directory: the bundle lands in plugins/, its dependencies in jars/ (PyTorch's natives in jars/linux64),
 * a jar the app already has in a newer version is kept; then ImageJ started from that directory alone runs
 * Estimate Parameters on the sample dataset. Also checks the Fiji.app-shaped zip that {@code mvn package} writes.
 */
class FijiInstallIT {
    @TempDir
    Path dir;

    private static Path mvn() {
        for (String p : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path m = Path.of(p, "mvn");
            if (Files.isExecutable(m)) return m;
        }
        Assumptions.abort("mvn is not on the PATH: the install line cannot be run");
        return null;
    }

    /** The files a build of this project needs, copied (sources, POM, plugins.config, shipped models). */
    private static Path copyProject(Path to) throws IOException {
        Path root = Path.of("").toAbsolutePath();
        for (String f : List.of("pom.xml", "plugins.config")) Files.copy(root.resolve(f), to.resolve(f));
        for (String d : List.of("src/main", "src/assembly")) {
            Path from = root.resolve(d);
            try (Stream<Path> s = Files.walk(from)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Path t = to.resolve(root.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(t);
                    else Files.copy(p, t);
                }
            }
        }
        Path models = Files.createDirectories(to.resolve("models"));
        try (Stream<Path> s = Files.list(root.resolve("models"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                if (Files.isRegularFile(p) && (n.endsWith(".json") || n.endsWith(".params"))) Files.copy(p, models.resolve(n));
            }
        }
        return to;
    }

    @Test
    void oneCommandInstallsIntoAFreshAppAndImageJRunsTheBundleFromIt() throws Exception {
        ImageJInstall.xvfbRun();
        Path mvn = mvn();
        Path project = copyProject(Files.createDirectories(dir.resolve("project")));
        Path app = Files.createDirectories(dir.resolve("Fiji.app"));
        Files.createDirectories(app.resolve("plugins"));
        Path jars = Files.createDirectories(app.resolve("jars"));
        // the app already has a newer picocli: the install must keep it and add no second one
        Path picocli;
        try (Stream<Path> s = Files.list(ImageJInstall.lib())) {
            picocli = s.filter(p -> p.getFileName().toString().startsWith("picocli-")).findFirst().orElseThrow();
        }
        Files.copy(picocli, jars.resolve("picocli-99.0.0.jar"));

        List<String> cmd = List.of(mvn.toString(), "-B", "-q", "package", "-DskipTests", "-Dassembly.skipAssembly=true",
                "-Dscijava.app.directory=" + app);
        ImageJInstall.Run build = ImageJInstall.run(new ArrayList<>(cmd), project);
        if (build.exit() != 0 && (build.output().contains("Could not resolve") || build.output().contains("Could not transfer")))
            Assumptions.abort("the install line needs scijava-maven-plugin in the local Maven repository and could not fetch it"
                    + " (.ci/run fetches it): " + build.output());
        assertEquals(0, build.exit(), build.output());

        assertTrue(Files.isRegularFile(app.resolve("plugins/Galaxy_Params.jar")));
        for (String need : List.of("api-0.33.0.jar", "pytorch-engine-0.33.0.jar", "nom-tam-fits-1.20.2.jar", "ij-1.54p.jar"))
            assertTrue(Files.isRegularFile(jars.resolve(need)), need + " installed");
        try (Stream<Path> s = Files.list(jars.resolve("linux64"))) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("pytorch-native-")), "PyTorch natives in jars/linux64");
        }
        try (Stream<Path> s = Files.list(jars)) {
            List<String> kept = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("picocli-")).toList();
            assertEquals(List.of("picocli-99.0.0.jar"), kept, "the newer jar the app has is kept, and no older one is added");
        }

        // ImageJ from the app directory alone (Fiji puts jars/ and jars/linux64/ on its class path)
        Path out = dir.resolve("estimates.csv");
        Path sample = Path.of("test-images/sample.fits").toAbsolutePath();
        Path macro = dir.resolve("estimate.ijm");
        Files.writeString(macro, "run(\"Estimate Parameters...\", \"input=[" + sample + "] save_csv=[" + out + "]\");\nprint(\"macro done\");\n");
        Files.createDirectories(dir.resolve("home"));
        String cp = jars.resolve("*") + File.pathSeparator + jars.resolve("linux64").resolve("*");
        ImageJInstall.Run ij = ImageJInstall.run(new ArrayList<>(List.of(ImageJInstall.xvfbRun().toString(), "-a", ImageJInstall.java(),
                "-Xmx1g", "-Duser.home=" + dir.resolve("home"), "-cp", cp, "ij.ImageJ", "-ijpath", app.toString(), "-batch",
                macro.toString())), dir);
        assertTrue(ij.output().contains("macro done"), ij.output());
        assertFalse(ij.output().contains("Unrecognized command") || ij.output().contains("\tat "), ij.output());
        List<Map<String, String>> rows = CsvRows.read(out);
        assertEquals(4, rows.size(), rows.toString());
        for (Map<String, String> r : rows) assertTrue(Double.isFinite(CsvRows.number(r, "flux")), r.get("_line"));
    }

    @Test
    void packageWritesAZipLaidOutLikeFijiApp() throws IOException {
        Path zip = ImageJInstall.pluginJar().resolveSibling("Galaxy_Params-fiji.zip");
        assertTrue(Files.isRegularFile(zip), zip + " is written by mvn package");
        try (ZipFile z = new ZipFile(zip.toFile())) {
            List<String> names = z.stream().map(e -> e.getName()).toList();
            assertTrue(names.contains("plugins/Galaxy_Params.jar"), names.toString());
            assertTrue(names.contains("jars/api-0.33.0.jar") && names.contains("jars/nom-tam-fits-1.20.2.jar"), names.toString());
            assertTrue(names.stream().anyMatch(n -> n.startsWith("jars/pytorch-native-")), names.toString());
            assertTrue(names.stream().noneMatch(n -> n.startsWith("jars/ij-") || n.startsWith("jars/scijava-common")
                    || n.startsWith("jars/imglib2")), "no jar Fiji ships: " + names);
        }
    }
}

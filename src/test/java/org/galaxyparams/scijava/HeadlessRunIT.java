package org.galaxyparams.scijava;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.galaxyparams.app.EstimateFiles;
import org.galaxyparams.io.DatasetReader;
import org.galaxyparams.sim.DatasetGenerator;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.SimulationConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --headless --run "Title" "key=value, ..."} in a separate JVM ({@code -Djava.awt.headless=true}) on the packaged
 * jar and its runtime jars, through {@link HeadlessRunMain} (ConsoleService + RunArgument + ParseService, as Fiji).
 */
class HeadlessRunIT {
    static final long TIMEOUT_SECONDS = 180;

    @TempDir
    Path dir;

    record Run(int exit, String output) {}

    private Run headlessRun(String title, String args) throws Exception {
        Path jar = Path.of(System.getProperty("galaxyparams.jar", "target/Galaxy_Params.jar")).toAbsolutePath();
        Path lib = Path.of(System.getProperty("galaxyparams.lib", "target/lib")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar) && Files.isDirectory(lib), jar + " or " + lib + " is missing: run mvn package first");
        String testClasses = Path.of(HeadlessRunMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Path home = Files.createDirectories(dir.resolve("home"));
        Path work = Files.createDirectories(dir.resolve("work"));
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-Djava.awt.headless=true", "-Duser.home=" + home,
                "-cp", String.join(File.pathSeparator, jar.toString(), lib.resolve("*").toString(), testClasses),
                HeadlessRunMain.class.getName(), "--headless", "--run", title, args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        // a fresh user.home keeps preferences apart; PyTorch stays in the usual (already unpacked) DJL cache
        if (!env.containsKey("DJL_CACHE_DIR")) env.put("DJL_CACHE_DIR", Path.of(System.getProperty("user.home"), ".djl.ai").toString());
        Path log = dir.resolve("run.log");
        Process p = pb.redirectOutput(log.toFile()).start();
        boolean finished = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(finished, "timed out: " + cmd + "\n" + out);
        assertTrue(out.contains("headless=true") && out.contains("ui headless=true"), out);
        return new Run(p.exitValue(), out);
    }

    private static List<String[]> rows(Path csv, String header) throws Exception {
        List<String> lines = Files.readAllLines(csv).stream().filter(l -> !l.startsWith("#")).toList();
        assertEquals(header, lines.get(0));
        List<String[]> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) rows.add(l.split(",", -1));
        return rows;
    }

    private static final Pattern NAMED_FLUX = Pattern.compile("_flux(\\d\\.\\d+e\\d+)_");

    @Test
    void estimateFolderOfTestImages() throws Exception {
        Path in = Files.createDirectories(dir.resolve("test images"));
        try (Stream<Path> files = Files.list(Path.of("test-images"))) {
            for (Path f : (Iterable<Path>) files::iterator)
                if (f.toString().endsWith(".fits")) Files.copy(f, in.resolve(f.getFileName()));
        }
        Path csv = dir.resolve("estimates.csv");
        String args = "input='" + in + "', output='" + csv + "', model='xception-dataset3', denoiser='none', device='cpu'";
        Run run = headlessRun("Estimate Galaxy Parameters", args);
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("command Estimate Galaxy Parameters -> " + EstimateParametersCommand.class.getName()), run.output());
        assertTrue(run.output().contains("[INFO] Estimate Galaxy Parameters: " + in + ": 8 stamps from 5 files into " + csv
                + " (0 files already done, 0 unreadable, 0 stamps without an estimate)"), run.output());
        assertFalse(run.output().contains("Exception") || run.output().contains("\tat "), run.output());

        double[] sampleFlux = new double[4];
        try (DatasetReader r = DatasetReader.open(in.resolve("sample.fits"))) {
            assertEquals(4, r.count());
            for (int i = 0; i < 4; i++) sampleFlux[i] = r.truth(i).flux();
        }
        List<String[]> rows = rows(csv, EstimateFiles.HEADER);
        assertEquals(8, rows.size());
        for (String[] f : rows) {
            String line = String.join(",", f);
            for (int k = col("flux"); k <= col("g2"); k++) assertTrue(Double.isFinite(Double.parseDouble(f[k])), line);
            assertTrue(f[col("model")].startsWith("\"xception-dataset3@"), line);
            Matcher m = NAMED_FLUX.matcher(f[0]);
            double truth = m.find() ? Double.parseDouble(m.group(1)) : sampleFlux[Integer.parseInt(f[col("index")])];
            double ratio = Double.parseDouble(f[col("flux")]) / truth;
            assertTrue(ratio > 0.5 && ratio < 2, "flux " + f[col("flux")] + " vs truth " + truth + ": " + line);
        }
        assertEquals(4, rows.stream().filter(f -> f[0].equals("\"sample.fits\"")).count());

        // a second run appends nothing: every file is already in the CSV
        run = headlessRun("Estimate Galaxy Parameters", args);
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("0 stamps from 0 files into " + csv + " (5 files already done"), run.output());
        assertEquals(8, rows(csv, EstimateFiles.HEADER).size());
    }

    @Test
    void simulateThenFit() throws Exception {
        Path fits = dir.resolve("snr60 run.fits");
        Run run = headlessRun("Simulate Galaxy Dataset", "preset='snr60', count=3, seed=7, output='" + fits + "'");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("[INFO] Simulate Galaxy Dataset: wrote 3 snr60 images (seed 7) to " + fits), run.output());
        List<Sample> core = new DatasetGenerator(SimulationConfig.of(Preset.SNR60, 7), 1).generate(3);
        try (DatasetReader r = DatasetReader.open(fits)) {
            assertEquals(3, r.count());
            assertEquals("snr60", r.info().preset());
            for (int i = 0; i < 3; i++) {
                assertEquals(Preset.TEST_GALAXY, r.truth(i));
                assertArrayEquals(core.get(i).noisy(), r.noisy(i));
            }
        }

        Path csv = dir.resolve("fit.csv");
        run = headlessRun("Fit Galaxy Dataset", "input='" + fits + "', output='" + csv + "', count=2, threads=1");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("[INFO] Fit Galaxy Dataset: 2 images of snr60 run.fits into " + csv
                + ": 2 fitted, 0 without a fit"), run.output());
        List<String[]> rows = rows(csv, org.galaxyparams.app.EstimateFiles.HEADER);
        assertEquals(2, rows.size());
        for (int i = 0; i < 2; i++) {
            String[] f = rows.get(i);
            assertEquals(String.valueOf(i), f[col("index")]);
            assertEquals("1", f[col("converged")], String.join(",", f));
            assertEquals(Preset.TEST_GALAXY.flux(), Double.parseDouble(f[col("flux")]), 5 * Double.parseDouble(f[col("flux_err")]));
        }
    }

    @Test
    void mistakesGiveMessagesNotStackTraces() throws Exception {
        Path missing = dir.resolve("missing.fits");
        Run run = headlessRun("Fit Galaxy Dataset", "input='" + missing + "', output='" + dir.resolve("f.csv") + "'");
        assertEquals(3, run.exit(), run.output()); // canceled
        assertTrue(run.output().contains("[ERROR] Fit Galaxy Dataset: input='" + missing + "' does not exist"), run.output());
        assertFalse(run.output().contains("Exception") || run.output().contains("\tat "), run.output());
        assertFalse(Files.exists(dir.resolve("f.csv")));
    }

    /** Index of a column of the estimate CSV. */
    private static int col(String name) {
        return java.util.List.of(org.galaxyparams.app.EstimateFiles.HEADER.split(",")).indexOf(name);
    }
}

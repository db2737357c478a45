package org.galaxyparams.io;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No hidden temporary files are left next to an output: not after SIGTERM, and not for long after a kill -9. */
class TempFilesTest {
    /**
     * A run killed with kill -9 leaves its temporary files; the next writer of the same output removes them at once
     * (the kernel dropped the dead run's locks), while a file whose lock is held (a live run) and another output's
     * files stay.
     */
    @Test
    void aKilledRunsTemporaryFilesAreRemovedByTheNextWriter(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("d.fits");
        Process p = simulate(dir, out);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (temps(dir).size() < 3 && System.nanoTime() < until && p.isAlive()) Thread.sleep(100);
        Thread.sleep(300);
        p.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        List<String> left = temps(dir);
        assertTrue(left.size() >= 3, "a killed run leaves its files: " + left + " " + Files.readString(dir.resolve("log.txt")));
        Path live = Files.writeString(dir.resolve(".d.fits.456.part.tmp"), "another run, still writing");
        Path other = Files.writeString(dir.resolve(".e.fits.789.part.tmp"), "another output's");
        try (FileChannel ch = FileChannel.open(live, StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
            DatasetWriter w = DatasetWriter.create(out, TestSamples.info(), false, false);
            w.abort();
        }
        assertEquals(List.of(".d.fits.456.part.tmp", ".e.fits.789.part.tmp"), temps(dir));
        assertTrue(Files.exists(live) && Files.exists(other));
    }

    private static Process simulate(Path dir, Path out) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "org.galaxyparams.cli.Main",
                "simulate", "--preset", "dataset3", "--count", "1000000", "--threads", "1", "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
    }

    @Test
    void sigtermLeavesNoTemporaryFiles(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("big.fits");
        Process p = simulate(dir, out);
        // wait until the run is writing its temporary files, then stop it as Slurm or Ctrl-C would
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (temps(dir).isEmpty() && System.nanoTime() < until && p.isAlive()) Thread.sleep(100);
        assertFalse(temps(dir).isEmpty(), "the run never started writing: " + Files.readString(dir.resolve("log.txt")));
        Thread.sleep(500);
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(List.of(), temps(dir));
        assertFalse(Files.exists(out));
    }

    private static List<String> temps(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp")).sorted().toList();
        }
    }
}

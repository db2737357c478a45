package org.galaxyparams.io;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No hidden temporary files are left next to an output: not after SIGTERM, and not for long after a kill -9. */
class TempFilesTest {
    @Test
    void aKilledRunsStaleTemporaryFilesAreRemovedByTheNextWriter(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("d.fits");
        Path stale = Files.writeString(dir.resolve(".d.fits.123.part.tmp"), "left by kill -9");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(TempFiles.STALE).minusSeconds(60)));
        Path fresh = Files.writeString(dir.resolve(".d.fits.456.part.tmp"), "another run, still writing");
        Path other = Files.writeString(dir.resolve(".e.fits.789.part.tmp"), "another output's");
        Files.setLastModifiedTime(other, FileTime.from(Instant.now().minus(TempFiles.STALE).minusSeconds(60)));
        DatasetWriter w = DatasetWriter.create(out, TestSamples.info(), false, false);
        w.abort();
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(fresh) && Files.exists(other));
    }

    @Test
    void sigtermLeavesNoTemporaryFiles(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("big.fits");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "org.galaxyparams.cli.Main",
                "simulate", "--preset", "dataset3", "--count", "1000000", "--threads", "1", "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
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

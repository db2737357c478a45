package org.galaxyparams.app;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.galaxyparams.io.FullDisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitFilesTest {
    private static final Path SAMPLE = Path.of("test-images/sample.fits");

    /**
     * fit writes its CSV through a temporary file: a full disk fails naming the CSV, the previous CSV stays as it
     * was, no temporary file is left, and a cancelled run writes nothing either.
     */
    @Test
    void aFullDiskOrACancelLeavesThePreviousCsvAsItWas(@TempDir Path dir) throws Exception {
        Path in = Files.copy(SAMPLE, dir.resolve("sample.fits"));
        Path csv = Files.writeString(dir.resolve("fit.csv"), "an earlier run's rows\n");
        Fitting fitting = new Fitting(FitRequest.DEFAULTS);
        FullDisk.after(600, () -> {
            IOException e = assertThrows(IOException.class, () -> FitFiles.run(fitting, in, csv, "test", Monitor.SILENT));
            assertTrue(e.getMessage().contains("could not write " + csv.toAbsolutePath()) && e.getMessage().contains("left as it was"),
                    e.getMessage());
        });
        assertEquals("an earlier run's rows\n", Files.readString(csv));
        FitFiles.Summary cancelled = FitFiles.run(fitting, in, csv, "test", Monitor.of((d, t) -> {}, () -> true, m -> {}));
        assertTrue(cancelled.cancelled());
        assertEquals("an earlier run's rows\n", Files.readString(csv));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
        }
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class, () -> FitFiles.run(fitting, in, in, "test", Monitor.SILENT));
        assertTrue(same.getMessage().contains("also an input"), same.getMessage());
        assertTrue(Files.size(in) > 2880, "the input is intact");
    }

    /** The rows a run keeps for its report hold no model images, so memory grows by a few hundred bytes per image. */
    @Test
    void keptRowsCarryNoModelImages(@TempDir Path dir) throws Exception {
        FitFiles.Summary s = FitFiles.run(new Fitting(FitRequest.DEFAULTS), SAMPLE, dir.resolve("fit.csv"), "test", Monitor.SILENT);
        assertEquals(s.images(), s.rows().size());
        assertTrue(s.rows().stream().anyMatch(r -> r.fit() != null));
        assertTrue(s.rows().stream().allMatch(r -> r.fit() == null || r.fit().model() == null));
    }
}

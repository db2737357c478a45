package org.galaxyparams.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `estimate --overwrite` keeps the previous CSV when the run cannot start, and never writes over its input. */
class EstimateCommandTest {
    @Test
    void aRunThatCannotStartLeavesThePreviousCsvAlone(@TempDir Path dir) throws Exception {
        Path sample = Path.of("test-images/sample.fits").toAbsolutePath();
        Path csv = dir.resolve("results.csv");
        String previous = "file,index,flux\n\"x.fits\",0,1\n";
        Files.writeString(csv, previous);
        assertEquals(2, Main.execute("estimate", "--in", sample.toString(), "--out", csv.toString(), "--overwrite", "--model", "no-such-model"));
        assertEquals(previous, Files.readString(csv));
        assertEquals(2, Main.execute("estimate", "--in", dir.resolve("nowhere").toString(), "--out", csv.toString(), "--overwrite"));
        assertEquals(previous, Files.readString(csv));
        assertEquals(2, Main.execute("estimate", "--in", sample.toString(), "--out", csv.toString(), "--overwrite", "--device", "tpu"));
        assertEquals(previous, Files.readString(csv));
        Path copy = Files.copy(sample, dir.resolve("sample.fits"));
        long size = Files.size(copy);
        assertEquals(2, Main.execute("estimate", "--in", copy.toString(), "--out", copy.toString(), "--overwrite"));
        assertEquals(size, Files.size(copy), "the input is untouched");
        assertEquals(2, Main.execute("fit", "--in", copy.toString(), "--out", copy.toString()));
        assertEquals(size, Files.size(copy), "fit never writes over its input");
        Files.createDirectory(dir.resolve("empty"));
        assertEquals(2, Main.execute("fit", "--in", copy.toString(), "--out", dir.resolve("empty").toString()));
        assertTrue(Files.isDirectory(dir.resolve("empty")), "nor over a folder");
        Path catalog = Files.writeString(dir.resolve("c.csv"), "flux,sersic_n,hlr,g1,g2,psf_fwhm,sigma\n1e5,2,0.3,0,0,0.6,300\n");
        String text = Files.readString(catalog);
        assertEquals(2, Main.execute("simulate", "--catalog", catalog.toString(), "--out", catalog.toString()));
        assertEquals(text, Files.readString(catalog), "simulate never writes over its catalog");
        // a good run replaces it
        assertEquals(0, Main.execute("estimate", "--in", sample.toString(), "--out", csv.toString(), "--overwrite"));
        assertEquals(5, Files.readAllLines(csv).size());
    }
}

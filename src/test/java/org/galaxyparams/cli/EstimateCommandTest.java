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

    /**
     * --method posterior: each row carries the posterior mean inside its own 16-84 % interval, a positive standard
     * deviation, the effective sample size, and says how it was made; the same stamps give the same rows again
     * (the draws are seeded by each stamp's pixels), whatever the thread count.
     */
    @Test
    void thePosteriorMethodWritesMeansIntervalsAndSampleSizes(@TempDir Path dir) throws Exception {
        Path sample = Path.of("test-images/sample.fits").toAbsolutePath();
        Path a = dir.resolve("a.csv"), b = dir.resolve("b.csv");
        assertEquals(0, Main.execute("estimate", "--in", sample.toString(), "--out", a.toString(), "--method", "posterior", "--threads", "2"));
        assertEquals(0, Main.execute("estimate", "--in", sample.toString(), "--out", b.toString(), "--method", "posterior", "--threads", "1"));
        java.util.List<String> header = java.util.List.of(Files.readAllLines(a).get(0).split(","));
        java.util.List<String> rows = Files.readAllLines(a).subList(1, 5);
        for (String line : rows) {
            String[] f = line.split(",", -1);
            assertEquals("\"network+posterior\"", f[header.indexOf("method")], line);
            assertTrue(Double.parseDouble(f[header.indexOf("ess")]) > 0, line);
            for (String label : org.galaxyparams.sim.GalaxyParams.LABELS) {
                double mean = Double.parseDouble(f[header.indexOf(label)]), err = Double.parseDouble(f[header.indexOf(label + "_err")]);
                double p16 = Double.parseDouble(f[header.indexOf(label + "_p16")]), p84 = Double.parseDouble(f[header.indexOf(label + "_p84")]);
                assertTrue(err > 0 && p16 < p84 && p16 <= mean + err && mean - err <= p84, label + ": " + line);
            }
        }
        java.util.function.Function<Path, java.util.List<String>> withoutTime = p -> {
            try {
                int t = header.indexOf("time_s");
                return Files.readAllLines(p).stream().map(l -> {
                    String[] f = l.split(",", -1);
                    f[t] = "";
                    return String.join(",", f);
                }).toList();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        assertEquals(withoutTime.apply(a), withoutTime.apply(b));
    }

    /** RDN and its regressor give the same rows at 1 and 2 PyTorch threads, and no NaN. */
    @Test
    void theDenoiserPipelineWritesTheSameRowsAtAnyThreadCount(@TempDir Path dir) throws Exception {
        Path sample = Path.of("test-images/sample.fits").toAbsolutePath();
        Path a = dir.resolve("a.csv"), b = dir.resolve("b.csv");
        assertEquals(0, Main.execute("estimate", "--in", sample.toString(), "--out", a.toString(), "--denoiser", "rdn", "--threads", "1"));
        assertEquals(0, Main.execute("estimate", "--in", sample.toString(), "--out", b.toString(), "--denoiser", "rdn", "--threads", "2"));
        java.util.List<String> header = java.util.List.of(Files.readAllLines(a).get(0).split(","));
        int time = header.indexOf("time_s");
        java.util.function.Function<Path, java.util.List<String>> rows = p -> {
            try {
                return Files.readAllLines(p).stream().map(l -> {
                    String[] f = l.split(",", -1);
                    f[time] = "";
                    return String.join(",", f);
                }).toList();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        assertEquals(rows.apply(a), rows.apply(b));
        assertEquals(5, rows.apply(a).size());
        assertTrue(rows.apply(a).stream().noneMatch(l -> l.contains("NaN")), rows.apply(a).toString());
    }

    /** The posterior under a user's box: the rows say which prior (model column), and a box without the posterior is refused. */
    @Test
    void priorBoxGoesIntoTheRowsAndNeedsThePosterior(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path out = dir.resolve("box.csv");
        assertEquals(0, Main.execute("estimate", "--in", "test-images/0000_flux1.000e5_n3.00_hlr0.300_g1-0.069_g2+0.150_psf0.50_sigma200.fits",
                "--out", out.toString(), "--method", "posterior", "--prior-box", "n=2:4,hlr=0.25:0.35", "--threads", "1"));
        String csv = java.nio.file.Files.readString(out);
        assertTrue(csv.contains("prior box sersic_n=2:4,hlr=0.25:0.35"), csv);
        java.util.List<String> head = java.util.List.of(org.galaxyparams.app.ResultColumns.header().split(","));
        String[] row = csv.lines().filter(l -> l.startsWith("\"0000")).findFirst().orElseThrow().split(",", -1);
        double n = Double.parseDouble(row[head.indexOf("sersic_n")]), hlr = Double.parseDouble(row[head.indexOf("hlr")]);
        assertTrue(n >= 2 && n <= 4 && hlr >= 0.25 && hlr <= 0.35, "the posterior mean lies in the box: n " + n + ", hlr " + hlr);
        assertEquals(2, Main.execute("estimate", "--in", "test-images", "--out", dir.resolve("x.csv").toString(), "--prior-box", "n=2:4"));
    }
}

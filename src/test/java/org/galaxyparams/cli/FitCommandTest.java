package org.galaxyparams.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.galaxyparams.io.DatasetInfo;
import org.galaxyparams.io.DatasetReader;
import org.galaxyparams.io.DatasetWriter;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitCommandTest {
    @TempDir
    Path tmp;

    /**
     * Observations: LABELS with only PSF_FWHM and SIGMA, no NOISELESS. One image has a NaN pixel: it is
     * reported in its CSV row and the others are fitted, in input order, close to the truth kept aside.
     */
    @Test
    void observationFileIsFittedRowByRowAndABadImageDoesNotStopTheRun() throws Exception {
        Path sim = tmp.resolve("sim.fits");
        assertEquals(0, Main.execute("simulate", "--preset", "snr60", "--count", "4", "--seed", "3", "--out", sim.toString()));
        List<Sample> observed = new ArrayList<>();
        DatasetInfo info;
        try (DatasetReader r = DatasetReader.open(sim)) {
            info = DatasetInfo.observation(r.info().geometry(), "test");
            for (int i = 0; i < r.count(); i++) {
                float[] img = r.noisy(i).clone();
                if (i == 2) img[100] = Float.NaN;
                observed.add(new Sample(null, r.psfFwhm(i), r.sigma(i), Double.NaN, 0, img, null, null));
            }
        }
        Path obs = tmp.resolve("obs.fits");
        DatasetWriter.write(obs, info, observed);
        try (DatasetReader r = DatasetReader.open(obs)) {
            assertTrue(!r.hasTruth() && !r.hasNoiseless());
        }
        Path csv = tmp.resolve("fit.csv");
        assertEquals(0, Main.execute("fit", "--in", obs.toString(), "--out", csv.toString(), "--pixel-scale", "0.23"));
        List<String> rows = Files.readAllLines(csv).stream().filter(l -> !l.startsWith("#")).toList();
        assertEquals(org.galaxyparams.app.ResultColumns.header(), rows.get(0));
        assertEquals(5, rows.size());
        for (int i = 0; i < 4; i++) {
            String[] f = rows.get(i + 1).split(",", -1);
            assertEquals(String.valueOf(i), f[col("index")]);
            if (i == 2) {
                assertTrue(rows.get(i + 1).contains("error: image 2: pixel") && rows.get(i + 1).contains("is NaN"), rows.get(i + 1));
                continue;
            }
            GalaxyParams t = GalaxyParams.STUDY_TEST_GALAXY;
            assertEquals(t.flux(), Double.parseDouble(f[col("flux")]), 5 * Double.parseDouble(f[col("flux_err")]));
            assertEquals(t.g1(), Double.parseDouble(f[col("g1")]), 5 * Double.parseDouble(f[col("g1_err")]));
            assertEquals(t.g2(), Double.parseDouble(f[col("g2")]), 5 * Double.parseDouble(f[col("g2_err")]));
        }
    }

    /** An infinite sigma given as an option is refused before anything is fitted or written (FitRequest's checks). */
    @Test
    void anInfiniteSigmaIsRefusedUpFront() throws Exception {
        Path sim = tmp.resolve("inf.fits");
        assertEquals(0, Main.execute("simulate", "--preset", "snr60", "--count", "2", "--seed", "4", "--out", sim.toString()));
        Path csv = tmp.resolve("inf.csv");
        assertEquals(2, Main.execute("fit", "--in", sim.toString(), "--out", csv.toString(), "--sigma", "Infinity"));
        assertFalse(Files.exists(csv));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new org.galaxyparams.app.FitRequest(0.7, 2, Double.POSITIVE_INFINITY, false, false, 64, 0.23, null, 1, 0));
        assertTrue(e.getMessage().startsWith("sigma Infinity counts is out of range"), e.getMessage());
    }

    /**
     * Runs that used to never end end at once with a row saying why: a 1e20 pixel, and a sigma 80x too small (the fit
     * runs to a profile no grid can draw).
     */
    @Test
    void extremePixelsAndTinySigmaGiveRowsNotHours() throws Exception {
        Path sim = tmp.resolve("x.fits");
        assertEquals(0, Main.execute("simulate", "--preset", "snr60", "--count", "2", "--seed", "5", "--out", sim.toString()));
        List<Sample> observed = new java.util.ArrayList<>();
        org.galaxyparams.io.DatasetInfo info;
        try (DatasetReader r = DatasetReader.open(sim)) {
            info = r.info();
            float[] hot = r.noisy(0).clone();
            hot[2080] = 1e20f;
            observed.add(new Sample(null, r.psfFwhm(0), r.sigma(0), Double.NaN, 0, hot, null, null));
            observed.add(new Sample(null, r.psfFwhm(1), r.sigma(1), Double.NaN, 0, r.noisy(1), null, null));
        }
        Path obs = tmp.resolve("xobs.fits");
        DatasetWriter.write(obs, info, observed);
        Path csv = tmp.resolve("x.csv");
        assertEquals(0, Main.execute("fit", "--in", obs.toString(), "--out", csv.toString()));
        List<String> rows = Files.readAllLines(csv).stream().filter(l -> !l.startsWith("#")).toList();
        assertTrue(rows.get(1).contains("holds 1.00e+20 counts"), rows.get(1));
        assertEquals(0, Main.execute("fit", "--in", sim.toString(), "--out", csv.toString(), "--sigma", "3.8"));
        rows = Files.readAllLines(csv).stream().filter(l -> !l.startsWith("#")).toList();
        for (String row : rows.subList(1, rows.size())) {
            assertEquals("0", row.split(",", -1)[col("converged")], row);
            // the fit stops where the profile outgrows any grid, instead of drawing 15,000-pixel FFTs for minutes
            assertTrue(row.contains("Fourier grid beyond 4096") || row.contains("evaluations"), row);
        }
    }

    private static int col(String name) {
        return List.of(org.galaxyparams.app.ResultColumns.header().split(",")).indexOf(name);
    }
}

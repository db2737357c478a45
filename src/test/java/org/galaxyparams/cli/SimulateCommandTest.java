package org.galaxyparams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nom.tam.fits.Fits;
import nom.tam.fits.ImageHDU;
import org.galaxyparams.io.DatasetReader;
import org.galaxyparams.sim.GalaxyParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
    @TempDir
    Path tmp;

    /** The catalog path end to end: row order kept, labels as given, noiseless images equal to GalSim's. */
    @Test
    void catalogOfGalSimReferenceReproducesGalSimStampsInRowOrder() throws Exception {
        Path out = tmp.resolve("ref.fits");
        int rc = Main.execute("simulate", "--catalog", "src/test/resources/galsim/catalog.csv", "--out", out.toString(), "--threads", "2");
        assertEquals(0, rc);
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/galsim/catalog.csv"));
        double[][][] galsim;
        try (Fits f = new Fits(new File("src/test/resources/galsim/galsim_reference.fits"))) {
            galsim = (double[][][]) ((ImageHDU) f.getHDU(0)).getKernel();
        }
        try (DatasetReader r = DatasetReader.open(out)) {
            assertEquals(lines.size() - 1, r.count());
            for (int i = 0; i < r.count(); i++) {
                String[] v = lines.get(i + 1).split(",");
                GalaxyParams truth = r.truth(i);
                assertEquals(Double.parseDouble(v[0]), truth.flux(), 0);
                assertEquals(Double.parseDouble(v[1]), truth.sersicN(), 0);
                assertEquals(Double.parseDouble(v[5]), r.psfFwhm(i), 0);
                assertEquals(Double.parseDouble(v[6]), r.sigma(i), 0);
                assertEquals(Long.parseLong(v[7]), r.seed(i));
                float[] img = r.noiseless(i);
                double peak = 0, worst = 0;
                for (int y = 0; y < 64; y++) {
                    for (int x = 0; x < 64; x++) {
                        peak = Math.max(peak, galsim[i][y][x]);
                        worst = Math.max(worst, Math.abs(galsim[i][y][x] - img[y * 64 + x]));
                    }
                }
                assertTrue(worst < 1e-3 * peak, "row " + i + ": " + worst / peak);
                assertNotNull(r.noisy(i));
            }
        }
    }

    @Test
    void badCatalogRowStopsWithLineAndColumnAndWritesNothing() throws Exception {
        Path csv = tmp.resolve("bad.csv");
        Files.writeString(csv, "flux,sersic_n,hlr,g1,g2,psf_fwhm\n1e5,2,0.3,0.1,0.1,0.6\n1e5,2,0.3,0.9,0.5,0.6\n");
        Path out = tmp.resolve("bad.fits");
        var err = new java.io.ByteArrayOutputStream();
        var old = System.err;
        System.setErr(new java.io.PrintStream(err, true));
        int rc;
        try {
            rc = Main.execute("simulate", "--catalog", csv.toString(), "--out", out.toString());
        } finally {
            System.setErr(old);
        }
        assertEquals(2, rc);
        assertTrue(err.toString().contains("line 3"), err.toString());
        assertFalse(Files.exists(out));
    }

    @Test
    void presetRunWritesTheRequestedCountWithItsPresetInTheHeader() throws Exception {
        Path out = tmp.resolve("snr60.fits");
        assertEquals(0, Main.execute("simulate", "--preset", "snr60", "--count", "20", "--seed", "5", "--out", out.toString()));
        try (DatasetReader r = DatasetReader.open(out)) {
            assertEquals(20, r.count());
            assertEquals("snr60", r.info().preset());
            assertEquals(5, r.info().seed());
            for (int i = 0; i < r.count(); i++) {
                assertEquals(GalaxyParams.STUDY_TEST_GALAXY, r.truth(i));
                assertEquals(59.9, r.snr(i), 0.1);
            }
        }
    }

    /** Options that would change nothing for the source chosen are refused, naming them, before anything is written. */
    @Test
    void optionsWithoutEffectAreRefusedNotIgnored() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.err;
        System.setErr(new java.io.PrintStream(err, true));
        try {
            Path out = tmp.resolve("x.fits");
            assertEquals(2, Main.execute("simulate", "--preset", "dataset1", "--flux-range", "1000,2000", "--count", "3", "--out", out.toString()));
            assertTrue(err.toString().contains("--flux-range sets the custom prior: add --custom"), err.toString());
            assertEquals(2, Main.execute("simulate", "--catalog", "src/test/resources/galsim/catalog.csv", "--count", "3", "--out", out.toString()));
            assertTrue(err.toString().contains("--count does not apply to --catalog"), err.toString());
            assertFalse(Files.exists(out), "nothing written");
        } finally {
            System.setErr(old);
        }
        assertEquals(0, Main.execute("simulate", "--custom", "--flux-range", "1e5,2e5", "--count", "2", "--out", tmp.resolve("c.fits").toString()));
    }
}

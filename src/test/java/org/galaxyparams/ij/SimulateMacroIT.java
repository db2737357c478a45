package org.galaxyparams.ij;

import org.galaxyparams.io.SliceLabels;
import static org.junit.jupiter.api.Assertions.*;

import ij.ImagePlus;
import ij.io.Opener;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.galaxyparams.io.DatasetInfo;
import org.galaxyparams.io.DatasetReader;
import org.galaxyparams.sim.DatasetGenerator;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.SimulationConfig;
import org.galaxyparams.sim.UniformPrior;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** macros/Simulate_Galaxies.ijm in a real ImageJ 1 (-batch) on a virtual display, plugin installed from the jar. */
class SimulateMacroIT {
    @TempDir
    Path dir;

    @Test
    void macroWritesTheDatasetAndTiff() throws Exception {
        ImageJInstall.xvfbRun();
        ImageJInstall ij = ImageJInstall.create(dir.resolve("imagej"));
        Path out = Files.createDirectories(dir.resolve("out folder")).resolve("galaxies.fits");

        ImageJInstall.Run run = ij.batchMacro(Path.of("macros/Simulate_Galaxies.ijm"), out.toString());
        System.out.printf("Simulate_Galaxies.ijm under xvfb: %.1f s%n", run.seconds());
        assertTrue(run.output().contains("Simulate_Galaxies.ijm: wrote " + out), run.output());
        assertFalse(run.output().contains("Exception"), run.output());

        UniformPrior prior = (UniformPrior) Preset.DATASET1.prior();
        List<Sample> core = new DatasetGenerator(SimulationConfig.of(Preset.DATASET1, 42), 1).generate(8);
        try (DatasetReader r = DatasetReader.open(out)) {
            assertEquals(8, r.count());
            assertEquals(64, r.size());
            DatasetInfo info = r.info();
            assertEquals("dataset1", info.preset());
            assertEquals(42, info.seed());
            assertEquals(0.23, info.geometry().pixelScale());
            assertEquals(DatasetInfo.MOFFAT, info.psfType());
            assertEquals(2.0, info.psfBeta());
            assertTrue(info.command().contains("preset=dataset1 count=8 seed=42"), info.command());
            assertTrue(r.hasNoisy() && r.hasNoiseless() && r.hasPsf() && r.hasTruth());
            for (int i = 0; i < 8; i++) {
                GalaxyParams t = r.truth(i);
                assertIn(t.flux(), prior.fluxMin(), prior.fluxMax(), "flux");
                assertIn(t.sersicN(), prior.nMin(), prior.nMax(), "n");
                assertIn(t.hlrArcsec(), prior.hlrMinArcsec(), prior.hlrMaxArcsec(), "hlr");
                assertIn(Math.hypot(t.g1(), t.g2()), 0, prior.shearMax(), "|g|");
                assertEquals(0.5, r.psfFwhm(i));
                assertEquals(200, r.sigma(i));
                assertIn(r.snr(i), 10, 100, "snr");
                float[] noisy = r.noisy(i), noiseless = r.noiseless(i), psf = r.psf(i);
                assertEquals(64 * 64, noisy.length);
                double sum2 = 0, psfSum = 0;
                boolean differ = false;
                for (int k = 0; k < noisy.length; k++) {
                    assertTrue(Float.isFinite(noisy[k]) && Float.isFinite(noiseless[k]) && Float.isFinite(psf[k]), "pixel " + k);
                    differ |= noisy[k] != noiseless[k];
                    sum2 += (double) noiseless[k] * noiseless[k];
                    psfSum += psf[k];
                }
                assertTrue(differ, "noisy image " + i + " equals the noiseless one");
                assertEquals(r.snr(i), Math.sqrt(sum2) / r.sigma(i), 1e-4 * r.snr(i), "SNR label matches the noiseless image");
                assertIn(psfSum, 0.95, 1.0001, "PSF flux in the stamp");
                // the plugin is a thin layer: the file holds exactly what the core makes for this seed
                assertEquals(core.get(i).params(), t);
                assertEquals(core.get(i).seed(), r.seed(i));
                assertArrayEquals(core.get(i).noisy(), noisy);
            }

            Path tif = out.resolveSibling("galaxies_noisy.tif");
            ImagePlus imp = new Opener().openImage(tif.toString());
            assertNotNull(imp, tif + " was not written");
            assertEquals(8, imp.getStackSize());
            assertEquals(ImagePlus.GRAY32, imp.getType());
            assertEquals("arcsec", imp.getCalibration().getUnit());
            assertEquals(0.23, imp.getCalibration().pixelWidth, 1e-8);
            assertEquals(0.23, GalaxyImages.pixelScaleArcsec(imp), "read back as saved, for Save Galaxy Dataset");
            for (int i = 0; i < 8; i++) {
                SliceLabels.Parsed p = SliceLabels.parse(imp.getStack().getSliceLabel(i + 1));
                double[] a = r.truth(i).toArray(), b = p.truth().toArray();
                for (int k = 0; k < 5; k++) assertEquals(a[k], b[k], 1e-6 * Math.abs(a[k]), "slice " + (i + 1) + " " + GalaxyParams.LABELS[k]);
                assertEquals(r.seed(i), p.seed());
                assertArrayEquals(r.noisy(i), (float[]) imp.getStack().getPixels(i + 1));
            }
            assertEquals("dataset1", imp.getProp(GalaxyImages.PROP_PRESET), "properties survive the TIFF");
        }
    }

    @Test
    void badOptionIsReportedWithoutHangingTheBatchRun() throws Exception {
        ImageJInstall.xvfbRun();
        ImageJInstall ij = ImageJInstall.create(dir.resolve("imagej"));
        Path out = dir.resolve("never.fits");
        Path macro = Files.writeString(dir.resolve("bad.ijm"), """
                run("Simulate Galaxies...", "preset=dataset1 count=abc save_to=[" + getArgument() + "]");
                print("macro went on: nImages=" + nImages);
                """);
        ImageJInstall.Run run = ij.batchMacro(macro, out.toString());
        assertTrue(run.output().contains("Simulate Galaxies: count=abc: 'abc' is not a number"), run.output());
        assertTrue(run.output().contains("macro went on: nImages=0"), run.output());
        assertFalse(run.output().contains("Exception"), run.output());
        assertFalse(Files.exists(out));
    }

    static void assertIn(double v, double lo, double hi, String what) {
        assertTrue(v >= lo && v <= hi, what + " = " + v + " outside [" + lo + ", " + hi + "]");
    }
}

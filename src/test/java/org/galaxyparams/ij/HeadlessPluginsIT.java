package org.galaxyparams.ij;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.galaxyparams.io.DatasetReader;
import org.galaxyparams.sim.DatasetGenerator;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.SimulationConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugins in a separate JVM with -Djava.awt.headless=true (a cluster node): no dialog may be built, options
 * come from Macro.getOptions() on a "Run$_" thread ({@link HeadlessPluginMain}).
 */
class HeadlessPluginsIT {
    @TempDir
    Path dir;

    @Test
    void simulateWritesTheDataset() throws Exception {
        ImageJInstall ij = ImageJInstall.create(dir.resolve("imagej"));
        Path out = dir.resolve("snr60 run.fits");
        ImageJInstall.Run run = ij.headlessJava(HeadlessPluginMain.class, SimulateGalaxiesPlugin.class.getName(),
                "preset=snr60 count=5 seed=7 save_to=[" + out + "]");
        System.out.printf("headless Simulate Galaxies: %.1f s%n", run.seconds());
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("headless=true"), run.output());
        assertTrue(run.output().contains("Simulate Galaxies: wrote 5 galaxies to " + out), run.output());
        assertFalse(run.output().contains("Exception"), run.output());

        List<Sample> core = new DatasetGenerator(SimulationConfig.of(Preset.SNR60, 7), 1).generate(5);
        try (DatasetReader r = DatasetReader.open(out)) {
            assertEquals(5, r.count());
            assertEquals(64, r.size());
            assertEquals("snr60", r.info().preset());
            assertEquals(7, r.info().seed());
            Set<Long> seeds = new HashSet<>();
            float[] noiseless0 = r.noiseless(0);
            for (int i = 0; i < 5; i++) {
                assertEquals(GalaxyParams.STUDY_TEST_GALAXY, r.truth(i));
                assertEquals(0.5, r.psfFwhm(i));
                assertEquals(200, r.sigma(i));
                SimulateMacroIT.assertIn(r.snr(i), 50, 70, "SNR of the snr60 galaxy");
                float[] noisy = r.noisy(i), noiseless = r.noiseless(i);
                for (int k = 0; k < noisy.length; k++) assertTrue(Float.isFinite(noisy[k]) && Float.isFinite(noiseless[k]));
                assertArrayEquals(noiseless0, noiseless, "one galaxy, one noiseless image");
                assertFalse(Arrays.equals(noisy, noiseless));
                if (i > 0) assertFalse(Arrays.equals(noisy, r.noisy(i - 1)), "fresh noise for every sample");
                assertArrayEquals(core.get(i).noisy(), noisy);
                seeds.add(r.seed(i));
            }
            assertEquals(5, seeds.size());
        }
    }

    @Test
    void badOptionsAndMissingDisplayGiveMessagesNotStackTraces() throws Exception {
        ImageJInstall ij = ImageJInstall.create(dir.resolve("imagej"));
        Path out = dir.resolve("never.fits");
        ImageJInstall.Run run = ij.headlessJava(HeadlessPluginMain.class, SimulateGalaxiesPlugin.class.getName(),
                "preset=snr60 count=-3 save_to=[" + out + "]");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("Simulate Galaxies: count=-3: must be 1-10000000"), run.output());
        assertFalse(run.output().contains("Exception") || run.output().contains("\tat "), run.output());
        assertFalse(Files.exists(out));

        run = ij.headlessJava(HeadlessPluginMain.class, GalaxyExplorerPlugin.class.getName(), "flux=1000");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("Galaxy Explorer needs a display"), run.output());
    }

    @Test
    void openReadsADatasetHeadless() throws Exception {
        ImageJInstall ij = ImageJInstall.create(dir.resolve("imagej"));
        Path file = dir.resolve("d.fits");
        SimulateGalaxiesPlugin.simulate(SimulationOptions.parse("preset=dataset2 count=3 stamp_size=16 save_to=[" + file + "]"),
                org.galaxyparams.sim.ProgressListener.NONE);
        ImageJInstall.Run run = ij.headlessJava(HeadlessPluginMain.class, OpenGalaxyDatasetPlugin.class.getName(),
                "path=[" + file + "]");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("Open Galaxy Dataset: read d noisy (3 images)"), run.output());
        assertTrue(run.output().contains("Open Galaxy Dataset: read d PSF (1 images)"), run.output());
    }
}

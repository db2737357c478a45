package org.galaxyparams.ij;

import org.galaxyparams.io.SliceLabels;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.galaxyparams.io.DatasetReader;
import org.galaxyparams.sim.FixedGalaxyPrior;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.ProgressListener;
import org.galaxyparams.sim.SampleFactory;
import org.galaxyparams.sim.SimulationConfig;
import org.galaxyparams.sim.StampGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Open Galaxy Dataset, Save Galaxy Dataset and Galaxy Explorer run by a macro in real ImageJ 1 (-batch, xvfb). */
class PluginsRoundTripIT {
    @TempDir
    Path dir;

    @Test
    void openSaveAndExploreFromAMacro() throws Exception {
        ImageJInstall.xvfbRun();
        ImageJInstall ij = ImageJInstall.create(dir.resolve("imagej"));
        Path in = dir.resolve("a.fits"), out = dir.resolve("b.fits");
        SimulateGalaxiesPlugin.simulate(SimulationOptions.parse("preset=dataset3 count=4 seed=3 stamp_size=32 save_to=[" + in + "]"),
                ProgressListener.NONE);
        Path macro = Files.writeString(dir.resolve("roundtrip.ijm"), """
                args = split(getArgument(), "|");
                setBatchMode(true);
                run("Open Galaxy Dataset...", "path=[" + args[0] + "]");
                print("CHECK images=" + nImages);
                selectImage("a noisy");
                setSlice(2);
                print("CHECK label2=" + getMetadata("Label"));
                getPixelSize(unit, pw, ph);
                print("CHECK scale=" + pw + " " + unit + " slices=" + nSlices);
                run("Save Galaxy Dataset...", "path=[" + args[1] + "]");
                run("Galaxy Explorer...", "flux=100000 n=3 hlr=0.3 g1=-0.069 g2=0.15 psf_fwhm=0.5 sigma=200 seed=1");
                print("CHECK images=" + nImages);
                selectImage("Galaxy Explorer noisy");
                print("CHECK explorer=" + getInfo("slice.label"));
                """);
        ImageJInstall.Run run = ij.batchMacro(macro, in + "|" + out);
        System.out.printf("open/save/explorer macro under xvfb: %.1f s%n", run.seconds());
        String log = run.output();
        assertFalse(log.contains("Exception"), log);
        assertTrue(log.contains("CHECK images=3\n"), "noisy, noiseless and PSF stacks\n" + log);
        assertTrue(log.contains("CHECK scale=0.23 arcsec slices=4"), log);
        assertTrue(log.contains("Save Galaxy Dataset: wrote 4 images of a noisy to " + out), log);
        assertTrue(log.contains("CHECK images=5\n"), "explorer adds a noiseless and a noisy image\n" + log);

        try (DatasetReader a = DatasetReader.open(in); DatasetReader b = DatasetReader.open(out)) {
            assertEquals(label(a, 1), SliceLabels.format(SliceLabels.parse(find(log, "CHECK label2=(.*)")).truth(),
                    a.psfFwhm(1), a.sigma(1), a.snr(1), a.seed(1)));
            assertEquals(4, b.count());
            assertEquals("dataset3", b.info().preset());
            assertEquals(3, b.info().seed());
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(a.noisy(i), b.noisy(i));
                double[] x = a.truth(i).toArray(), y = b.truth(i).toArray();
                for (int k = 0; k < 5; k++) assertEquals(x[k], y[k], 1e-6 * Math.abs(x[k]));
                assertEquals(a.psfFwhm(i), b.psfFwhm(i), 1e-6);
                assertEquals(a.seed(i), b.seed(i));
            }
        }

        // the explorer shows what the core renders for these values, and logs its SNR
        GalaxyParams g = new GalaxyParams(100000, 3, 0.3, -0.069, 0.15);
        SimulationConfig c = new SimulationConfig(new FixedGalaxyPrior(g, 0.5, 200), Preset.PSF_BETA, StampGeometry.DEFAULT,
                1, 0, Double.POSITIVE_INFINITY, true, false);
        double snr = new SampleFactory(c).render(g, 0.5, 200, 1).snr();
        assertTrue(log.contains(String.format(Locale.ROOT, "Galaxy Explorer: SNR = %.2f", snr)), snr + "\n" + log);
        assertEquals(g, SliceLabels.parse(find(log, "CHECK explorer=(.*)")).truth());
    }

    private static String label(DatasetReader r, int i) {
        return SliceLabels.format(r.truth(i), r.psfFwhm(i), r.sigma(i), r.snr(i), r.seed(i));
    }

    private static String find(String log, String regex) {
        Matcher m = Pattern.compile(regex).matcher(log);
        assertTrue(m.find(), regex + " not in\n" + log);
        return m.group(1);
    }
}

package org.galaxyparams.ij;

import org.galaxyparams.io.SliceLabels;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.galaxyparams.sim.FixedGalaxyPrior;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.SampleFactory;
import org.galaxyparams.sim.SimulationConfig;
import org.galaxyparams.sim.StampGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Galaxy Explorer window on a virtual display: typing a new flux redraws both images and the SNR live. */
class ExplorerInteractiveIT {
    @TempDir
    Path dir;

    @Test
    void changingAFieldRedrawsTheImagesAndSnr() throws Exception {
        ImageJInstall.xvfbRun();
        ImageJInstall ij = ImageJInstall.create(dir.resolve("imagej"));
        ImageJInstall.Run run = ij.xvfbJava(ExplorerDriverMain.class);
        System.out.printf("Galaxy Explorer session under xvfb: %.1f s%n", run.seconds());
        String out = run.output();
        assertEquals(0, run.exit(), out);
        assertFalse(out.contains("Exception"), out);

        GalaxyParams g = Preset.TEST_GALAXY;
        SimulationConfig c = new SimulationConfig(new FixedGalaxyPrior(g, 0.5, 200), Preset.PSF_BETA, StampGeometry.DEFAULT,
                1, 0, Double.POSITIVE_INFINITY, true, false);
        double snr = new SampleFactory(c).render(g, 0.5, 200, 1).snr();
        assertEquals(String.format(Locale.ROOT, "SNR = %.2f", snr), value(out, "SNR_BEFORE"), "opens on the study galaxy");
        assertEquals(g, SliceLabels.parse(value(out, "LABEL_BEFORE")).truth());

        double snrAfter = Double.parseDouble(value(out, "SNR_AFTER").substring("SNR = ".length()));
        assertEquals(10 * snr, snrAfter, 0.01, "10x the flux, 10x the SNR");
        assertEquals(10, Double.parseDouble(value(out, "SUM_AFTER")) / Double.parseDouble(value(out, "SUM_BEFORE")), 1e-5,
                "the noiseless image was redrawn with 10x the flux");
        assertEquals(1e6, SliceLabels.parse(value(out, "LABEL_AFTER")).truth().flux(), "the noisy image's label follows");
        assertEquals("true", value(out, "SIDE_BY_SIDE"));
        assertEquals("true", value(out, "PLUGIN_DONE"), "OK closes the dialog and ends the plugin");
        assertEquals("2", value(out, "IMAGES_OPEN"), "the two images stay open after OK");
    }

    private static String value(String out, String key) {
        Matcher m = Pattern.compile("(?m)^" + key + "=(.*)$").matcher(out);
        assertTrue(m.find(), key + " not in\n" + out);
        return m.group(1);
    }
}

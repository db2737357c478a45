package org.galaxyparams.app;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.galaxyparams.sim.GalaxyRenderer;
import org.galaxyparams.sim.PsfModel;
import org.galaxyparams.sim.StampGeometry;
import org.junit.jupiter.api.Test;

class PsfMeasurementTest {
    /** A star drawn by the simulator at (120.4, 80.9) of a 200 x 200 image with sky 50 and noise 5. */
    private static float[] field(double fwhm, double beta) {
        double[] star = new GalaxyRenderer().renderPsf(PsfModel.moffat(beta, fwhm), new StampGeometry(40, 0.2, 0.4, 0.9));
        SplittableRandom r = new SplittableRandom(8);
        float[] img = new float[200 * 200];
        for (int i = 0; i < img.length; i++) img[i] = (float) (50 + 5 * r.nextGaussian());
        for (int y = 0; y < 40; y++) for (int x = 0; x < 40; x++) img[(60 + y) * 200 + 100 + x] += (float) (5e4 * star[y * 40 + x]);
        return img;
    }

    @Test
    void theStarsFwhmInArcsecAtTheImagesScale() {
        ArrayImageSource src = ArrayImageSource.of("field", field(0.8, 2.5), 200, 200, 0.2);
        PsfMeasurement.Result r = PsfMeasurement.measure(src, new Target(1, "star", 118, 83, 10, null), Double.NaN);
        assertEquals(0.8, r.fwhmArcsec(), 0.01 * 0.8);
        assertEquals(2.5, r.beta(), 0.1 * 2.5);
        assertEquals(120.4, r.x(), 0.05);
        assertEquals(80.9, r.y(), 0.05);
        assertEquals("", r.message());
        PsfMeasurement.Result assumed = PsfMeasurement.measure(ArrayImageSource.of("f", field(0.8, 2.5), 200, 200, Double.NaN),
                new Target(1, "star", 118, 83, 10, null), Double.NaN);
        assertEquals(0.8 / 0.2 * 0.23, assumed.fwhmArcsec(), 0.01);
        assertTrue(assumed.message().startsWith("pixel scale assumed 0.23"), assumed.message());
    }
}

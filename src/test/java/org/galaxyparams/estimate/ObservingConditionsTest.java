package org.galaxyparams.estimate;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ObservingConditionsTest {
    private static StampInput noise(double psf, double sigma) {
        SplittableRandom r = new SplittableRandom(7);
        float[] px = new float[64 * 64];
        for (int i = 0; i < px.length; i++) px[i] = (float) (250 * r.nextGaussian());
        return new StampInput("s", px, 64, psf, sigma);
    }

    @Test
    void userValuesWinThenTheSourceThenTheBorder() {
        ObservingConditions c = new ObservingConditions(0.8, 300, false);
        ObservingConditions.Filled overridden = c.fill(noise(0.6, 200));
        assertEquals(0.8, overridden.stamp().psfFwhm());
        assertEquals(300, overridden.stamp().sigma());
        assertTrue(overridden.note().contains("psf_fwhm 0.8000 as given (the source says 0.6000)")
                && overridden.note().contains("sigma 300.0 as given (the source says 200.0)"), overridden.note());
        ObservingConditions.Filled filled = c.fill(noise(Double.NaN, Double.NaN));
        assertEquals(0.8, filled.stamp().psfFwhm());
        assertEquals(300, filled.stamp().sigma());
        assertEquals("", filled.note(), "the user's own values need no note");
        ObservingConditions.Filled source = ObservingConditions.FROM_SOURCE.fill(noise(0.6, 200));
        assertEquals(0.6, source.stamp().psfFwhm());
        assertEquals(200, source.stamp().sigma());
        // no default: 1.4826 MAD of the 4-pixel frame (960 pure-noise pixels) finds sigma 250 within ~5 %
        ObservingConditions.Filled border = ObservingConditions.FROM_SOURCE.fill(noise(0.6, Double.NaN));
        assertEquals(250, border.stamp().sigma(), 15);
        assertTrue(border.note().contains("border"), border.note());
        assertEquals(250, new ObservingConditions(0.8, 300, true).fill(noise(0.6, 200)).stamp().sigma(), 15,
                "sigma_from_border overrides the source");
        // a corrupt SIGMA of Infinity is no noise level (it would make every galaxy insignificant): the border's, said so
        ObservingConditions.Filled infinite = ObservingConditions.FROM_SOURCE.fill(noise(0.6, Double.POSITIVE_INFINITY));
        assertEquals(250, infinite.stamp().sigma(), 15);
        assertTrue(infinite.note().contains("SIGMA (Infinity) is not a noise level"), infinite.note());
    }

    @Test
    void resamplingConservesCounts() {
        int w = 200, h = 200;
        float[] img = new float[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) img[y * w + x] = (float) (1000 * Math.exp(-((x - 99.5) * (x - 99.5) + (y - 99.5) * (y - 99.5)) / 50.0));
        double total = 0;
        for (float v : img) total += v;
        // the model's pixels are 1.15 image pixels wide (0.23 / 0.2 arcsec); the stamp covers 73.6 pixels
        float[] stamp = StampResampler.resample(img, w, h, 100, 100, 64, 0.23 / 0.2, "test");
        double sum = 0;
        for (float v : stamp) sum += v;
        assertEquals(total, sum, 2e-3 * total);
        assertThrows(IllegalArgumentException.class, () -> StampResampler.resample(img, w, h, 20, 100, 64, 1.15, "edge"));
    }
}

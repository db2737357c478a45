package org.galaxyparams.field;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;

import org.galaxyparams.sim.NoiseModel;
import org.junit.jupiter.api.Test;

class BackgroundMapTest {
    /** A tilted sky with white noise: every box centre's level is within 4 standard errors of the plane. */
    @Test
    void meshFollowsASkyGradientAndMeasuresTheNoise() {
        int w = 512, h = 384;
        double sigma = 50;
        float[] img = new float[w * h];
        SplittableRandom rng = new SplittableRandom(3);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) img[y * w + x] = (float) (100 + 0.2 * x - 0.1 * y + sigma * NoiseModel.gaussian(rng));
        BackgroundMap m = BackgroundMap.mesh(img, w, h, 64);
        // a box's mode has a standard error of about 1.2 sigma / 64 (the mode estimator is noisier than the mean);
        // the 3x3 median and the interpolation average boxes, so 4 of those is a safe bound
        double tolerance = 4 * 1.2 * sigma / 64;
        for (int y = 32; y < h; y += 64)
            for (int x = 32; x < w; x += 64) {
                double truth = 100 + 0.2 * (x + 0.5) - 0.1 * (y + 0.5);
                assertEquals(truth, m.level(x, y), tolerance, "level at " + x + "," + y);
                assertEquals(sigma, m.rms(x, y), 0.05 * sigma, "rms at " + x + "," + y);
            }
        float[] sub = m.subtract(img);
        double mean = 0;
        for (float v : sub) mean += v;
        assertEquals(0, mean / sub.length, 0.5, "the subtracted image has no pedestal left");
    }

    @Test
    void clippedModeOfGaussianNoiseIsItsMean() {
        SplittableRandom rng = new SplittableRandom(5);
        double[] v = new double[200_000];
        for (int i = 0; i < v.length; i++) v[i] = 7 + 2 * NoiseModel.gaussian(rng);
        double[] s = BackgroundMap.clippedMode(v, v.length);
        // the mode estimate of a symmetric distribution is its centre; its noise is ~1.5 x that of the mean
        assertEquals(7, s[0], 6 * 1.5 * 2 / Math.sqrt(v.length));
        assertEquals(2, s[1], 0.01);
    }

    @Test
    void brightSourcesInABoxDoNotLiftItsLevelMuch() {
        int w = 256, h = 256;
        float[] img = new float[w * h];
        SplittableRandom rng = new SplittableRandom(9);
        for (int i = 0; i < img.length; i++) img[i] = (float) (10 * NoiseModel.gaussian(rng));
        for (int i = 0; i < 40; i++) img[(20 + 5 * i) * w + 20 + 5 * i] += 1e5; // hot pixels along the diagonal
        BackgroundMap m = BackgroundMap.mesh(img, w, h, 64);
        assertEquals(0, m.level(30, 30), 1.0);
    }

    @Test
    void aFieldOfNaNIsRefusedWithTheWayOut() {
        float[] img = new float[64 * 64];
        java.util.Arrays.fill(img, Float.NaN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BackgroundMap.mesh(img, 64, 64, 32));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("crop"), e.getMessage());
    }

    @Test
    void holesTakeTheirNeighboursValue() {
        int w = 256, h = 256;
        float[] img = new float[w * h];
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < img.length; i++) img[i] = (float) (20 + 3 * NoiseModel.gaussian(rng));
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) img[y * w + x] = Float.NaN; // one whole box masked
        BackgroundMap m = BackgroundMap.mesh(img, w, h, 64);
        assertEquals(20, m.level(10, 10), 0.5);
        assertEquals(3, m.rms(10, 10), 0.2);
    }

    /** A mosaic padded with zeros: the padding is a hole, so the sky beside it is the sky, not pulled towards 0. */
    @Test
    void zeroPaddingIsNoSky() {
        int w = 384, h = 256;
        float[] img = new float[w * h];
        SplittableRandom rng = new SplittableRandom(2);
        for (int y = 0; y < h; y++)
            for (int x = 128; x < w; x++) img[y * w + x] = (float) (1000 + 30 * NoiseModel.gaussian(rng)); // x < 128: padding, 0
        BackgroundMap m = BackgroundMap.mesh(img, w, h, 64);
        for (int y = 32; y < h; y += 64)
            for (int x = 160; x < w; x += 64) assertEquals(1000, m.level(x, y), 4, "level at " + x + "," + y);
        assertEquals(30, m.rms(140, 100), 3);
    }
}

package org.galaxyparams.stamp;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;

import org.galaxyparams.sim.NoiseModel;
import org.junit.jupiter.api.Test;

class SubPixelShiftTest {
    /** A periodic image of low frequencies moves exactly: the oracle evaluates the same sinusoids at x - dx. */
    @Test
    void bandLimitedImageMovesExactly() {
        int n = 64;
        double dx = 0.37, dy = -0.21;
        float[] img = new float[n * n];
        for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) img[y * n + x] = (float) value(x, y, n);
        float[] moved = SubPixelShift.shift(img, n, dx, dy);
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++) assertEquals(value(x - dx, y - dy, n), moved[y * n + x], 2e-4, x + "," + y);
    }

    private static double value(double x, double y, int n) {
        double w = 2 * Math.PI / n;
        return 3 + Math.cos(w * 3 * x + 0.4) + 0.5 * Math.sin(w * (5 * x - 7 * y)) + 0.25 * Math.cos(w * 11 * y - 1);
    }

    @Test
    void wholePixelShiftIsARoll() {
        int n = 32;
        float[] img = new float[n * n];
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < img.length; i++) img[i] = (float) rng.nextDouble();
        float[] moved = SubPixelShift.shift(img, n, 2, -1);
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++) assertEquals(img[((y + 1) % n) * n + (x - 2 + n) % n], moved[y * n + x], 1e-5);
    }

    /** White noise keeps its variance (the transform is unitary; only the Nyquist terms lose their odd part). */
    @Test
    void whiteNoiseKeepsItsVariance() {
        int n = 64;
        float[] img = new float[n * n];
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < img.length; i++) img[i] = (float) NoiseModel.gaussian(rng);
        float[] moved = SubPixelShift.shift(img, n, 0.5, 0.5);
        double a = 0, b = 0;
        for (int i = 0; i < img.length; i++) {
            a += img[i] * img[i];
            b += moved[i] * moved[i];
        }
        // the Nyquist row and column are 2n - 1 of n^2 frequencies: at most ~3 % of the power
        assertEquals(1, b / a, 0.05);
    }
}

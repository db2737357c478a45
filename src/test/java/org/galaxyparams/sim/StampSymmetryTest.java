package org.galaxyparams.sim;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * Each symmetry applied to a drawn galaxy equals the simulator's drawing of the transformed parameters, to
 * the renderer's rounding (1e-6 of the peak): this is where the shear signs come from. A galaxy with both
 * shears non-zero and unequal tells every sign apart; a wrong sign gives differences of tens of percent.
 */
class StampSymmetryTest {
    @Test
    void everySymmetryMatchesTheSimulatorsDrawingOfTheMappedParameters() {
        GalaxyRenderer r = new GalaxyRenderer();
        StampGeometry geo = StampGeometry.DEFAULT;
        PsfModel psf = PsfModel.moffat(2, 0.6);
        int n = geo.size();
        for (GalaxyParams p : new GalaxyParams[] {new GalaxyParams(1e5, 1.5, 0.4, 0.35, -0.2), new GalaxyParams(5e4, 4, 0.25, -0.1, 0.45)}) {
            float[] image = toFloat(r.render(p, psf, geo));
            double peak = 0;
            for (float v : image) peak = Math.max(peak, v);
            for (StampSymmetry s : StampSymmetry.values()) {
                float[] moved = s.apply(image, n);
                float[] drawn = toFloat(r.render(s.apply(p), psf, geo));
                double worst = 0;
                for (int i = 0; i < moved.length; i++) worst = Math.max(worst, Math.abs(moved[i] - drawn[i]));
                assertTrue(worst < 1e-5 * peak, s + " of " + p + ": differs by " + worst + " (peak " + peak + ")");
            }
        }
    }

    @Test
    void theEightSymmetriesAreDistinctAndKeepFlux() {
        int n = 4;
        float[] img = new float[n * n];
        for (int i = 0; i < img.length; i++) img[i] = i;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (StampSymmetry s : StampSymmetry.values()) {
            float[] t = s.apply(img, n);
            assertTrue(seen.add(java.util.Arrays.toString(t)), s + " repeats another symmetry");
            float[] sorted = t.clone();
            java.util.Arrays.sort(sorted);
            assertArrayEquals(img, sorted, 0f); // a permutation of the pixels
        }
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }
}

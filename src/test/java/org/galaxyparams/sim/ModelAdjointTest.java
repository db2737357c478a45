package org.galaxyparams.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ModelAdjointTest {

    /** The adjoint gradient of sum w mu equals central differences of the renderer on the same grid. */
    @Test
    void adjointGradientMatchesFiniteDifferences() {
        GalaxyRenderer renderer = new GalaxyRenderer();
        ModelAdjoint adjoint = new ModelAdjoint();
        SplittableRandom rng = new SplittableRandom(21);
        StampGeometry geo = new StampGeometry(64, 0.23, 0.2, -0.3);
        double[] steps = {1.0, 1e-4, 1e-5, 1e-5, 1e-5};
        for (int trial = 0; trial < 4; trial++) {
            GalaxyParams p = new GalaxyParams(1e5 * (0.5 + rng.nextDouble()), 0.6 + 5 * rng.nextDouble(),
                    0.15 + 0.4 * rng.nextDouble(), 0.5 * rng.nextDouble() - 0.25, 0.5 * rng.nextDouble() - 0.25);
            PsfModel psf = PsfModel.moffat(2, 0.5 + 0.5 * rng.nextDouble());
            GalaxyRenderer.Grid grid = renderer.gridFor(p, psf, geo);
            double[] w = new double[64 * 64];
            for (int i = 0; i < w.length; i++) w[i] = rng.nextGaussian();
            double[] grad = new double[5];
            adjoint.gradient(p, psf, geo, grid, w, grad);
            for (int k = 0; k < 5; k++) {
                double[] v = p.toArray();
                v[k] += steps[k];
                double plus = dot(w, renderer, GalaxyParams.of(v), psf, geo, grid);
                v[k] -= 2 * steps[k];
                double minus = dot(w, renderer, GalaxyParams.of(v), psf, geo, grid);
                double fd = (plus - minus) / (2 * steps[k]);
                System.out.printf("%s fd %.6e adjoint %.6e%n", GalaxyParams.LABELS[k], fd, grad[k]);
                // central differences of a cubic-interpolated table agree to about 1e-4 relative
                assertEquals(fd, grad[k], 2e-4 * Math.abs(fd), "trial " + trial + " " + GalaxyParams.LABELS[k] + " at " + p);
            }
        }
    }

    /** The centre derivatives (pixels) against differences of renders with shifted offsets. */
    @Test
    void centreGradientMatchesFiniteDifferences() {
        GalaxyRenderer renderer = new GalaxyRenderer();
        GalaxyParams p = new GalaxyParams(1.5e5, 2.2, 0.35, 0.2, -0.1);
        PsfModel psf = PsfModel.moffat(2, 0.7);
        StampGeometry geo = new StampGeometry(64, 0.23, 0.1, 0.2);
        GalaxyRenderer.Grid grid = renderer.gridFor(p, psf, geo);
        SplittableRandom rng = new SplittableRandom(4);
        double[] w = new double[64 * 64];
        for (int i = 0; i < w.length; i++) w[i] = rng.nextGaussian();
        double[] grad = new double[7];
        new ModelAdjoint().gradient(p, psf, geo, grid, w, grad);
        double h = 1e-4;
        double fdx = (dot(w, renderer, p, psf, new StampGeometry(64, 0.23, 0.1 + h, 0.2), grid)
                - dot(w, renderer, p, psf, new StampGeometry(64, 0.23, 0.1 - h, 0.2), grid)) / (2 * h);
        double fdy = (dot(w, renderer, p, psf, new StampGeometry(64, 0.23, 0.1, 0.2 + h), grid)
                - dot(w, renderer, p, psf, new StampGeometry(64, 0.23, 0.1, 0.2 - h), grid)) / (2 * h);
        assertEquals(fdx, grad[5], 1e-5 * Math.abs(fdx));
        assertEquals(fdy, grad[6], 1e-5 * Math.abs(fdy));
    }

    private static double dot(double[] w, GalaxyRenderer r, GalaxyParams p, PsfModel psf, StampGeometry geo, GalaxyRenderer.Grid g) {
        double[] img = new double[w.length];
        r.render(p, psf, geo, g, img);
        double s = 0;
        for (int i = 0; i < w.length; i++) s += w[i] * img[i];
        return s;
    }

}

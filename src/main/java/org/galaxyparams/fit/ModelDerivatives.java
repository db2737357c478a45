package org.galaxyparams.fit;

import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.GalaxyRenderer;
import org.galaxyparams.sim.PsfModel;
import org.galaxyparams.sim.SersicProfile;
import org.galaxyparams.sim.StampGeometry;

/**
 * The noiseless model and its derivatives with respect to the five parameters (label order), on a grid
 * held fixed so that they are smooth: flux exactly (the model is linear in it), the others by central
 * differences of fourth order. Not thread-safe.
 */
public final class ModelDerivatives {
    /** Steps for n, hlr (arcsec), g1, g2. */
    private static final double[] STEPS = {0, 2e-3, 2e-4, 2e-4, 2e-4};

    private final GalaxyRenderer renderer = new GalaxyRenderer();

    /** Returns {model, d/dflux, d/dn, d/dhlr, d/dg1, d/dg2}, each size*size pixels. */
    public double[][] compute(GalaxyParams p, PsfModel psf, StampGeometry geo) {
        return compute(p, psf, geo, renderer.gridFor(p, psf, geo));
    }

    /** The same on a given Fourier grid. */
    public double[][] compute(GalaxyParams p, PsfModel psf, StampGeometry geo, GalaxyRenderer.Grid grid) {
        int len = geo.size() * geo.size();
        double[][] out = new double[6][len];
        renderer.render(p, psf, geo, grid, out[0]);
        for (int i = 0; i < len; i++) out[1][i] = out[0][i] / p.flux();
        double[] plus1 = new double[len], minus1 = new double[len], plus2 = new double[len], minus2 = new double[len];
        for (int k = 1; k < 5; k++) {
            double h = STEPS[k];
            // within 2h of a renderable bound (n at 6.2, a tiny radius) the stencil moves inside it: the derivative is
            // taken up to 2h away, an error of order h against a stencil that cannot be drawn at all
            GalaxyParams c = stencilCentre(p, k, h);
            renderer.render(shifted(c, k, h), psf, geo, grid, plus1);
            renderer.render(shifted(c, k, -h), psf, geo, grid, minus1);
            renderer.render(shifted(c, k, 2 * h), psf, geo, grid, plus2);
            renderer.render(shifted(c, k, -2 * h), psf, geo, grid, minus2);
            for (int i = 0; i < len; i++) {
                out[k + 1][i] = (8 * (plus1[i] - minus1[i]) - (plus2[i] - minus2[i])) / (12 * h);
            }
        }
        return out;
    }

    /** {@code p} with parameter {@code index} moved, when needed, to at least 2h inside the renderer's range. */
    static GalaxyParams stencilCentre(GalaxyParams p, int index, double h) {
        double[] v = p.toArray();
        if (index == 1) v[1] = Math.max(SersicProfile.MIN_N + 2 * h, Math.min(SersicProfile.MAX_N - 2 * h, v[1]));
        if (index == 2) v[2] = Math.max(3 * h, v[2]);
        if (index == 3 || index == 4) {
            double g = Math.hypot(v[3], v[4]), room = 1 - 3 * h;
            if (g > room) { // |g| < 1 at every stencil point
                v[3] *= room / g;
                v[4] *= room / g;
            }
        }
        return GalaxyParams.of(v);
    }

    private static GalaxyParams shifted(GalaxyParams p, int index, double h) {
        double[] v = p.toArray();
        v[index] += h;
        return GalaxyParams.of(v);
    }
}

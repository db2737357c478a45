package org.galaxyparams.fit;

import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.GalaxyRenderer;
import org.galaxyparams.sim.ModelAdjoint;
import org.galaxyparams.sim.PsfModel;
import org.galaxyparams.sim.StampGeometry;

/**
 * Negative log-likelihood of an observed stamp under the SPEC noise model: independent pixels, Gaussian with
 * mean mu (the noiseless model) and variance sigma^2 + max(mu, 0) (Poisson, gain 1, plus read noise), up to a
 * constant. The model is drawn on a fixed grid and the gradient comes from {@link ModelAdjoint}. Not thread-safe.
 * <p>
 * A NaN data pixel is masked: left out of the likelihood (a neighbour's light, a bad pixel), as if not observed.
 */
public final class PoissonGaussianLikelihood {
    private final double[] data;
    private final double sigma;
    private final PsfModel psf;
    private final StampGeometry geometry;
    private final GalaxyRenderer renderer = new GalaxyRenderer();
    private final ModelAdjoint adjoint = new ModelAdjoint();
    private final double[] model;
    private final double[] weights;
    private final int used;
    private GalaxyRenderer.Grid grid;

    public PoissonGaussianLikelihood(double[] data, double sigma, PsfModel psf, StampGeometry geometry) {
        int n = geometry.size() * geometry.size();
        if (data.length != n) throw new IllegalArgumentException("stamp has " + data.length + " pixels, expected " + n);
        int used = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(data[i])) continue;
            used++;
            if (!Double.isFinite(data[i])) {
                throw new IllegalArgumentException("pixel (" + i % geometry.size() + ", " + i / geometry.size()
                        + ") is " + data[i] + ": the fit needs finite pixels; mask or crop them first");
            }
        }
        if (used <= 5) throw new IllegalArgumentException("only " + used + " unmasked pixels: nothing to fit five parameters to");
        this.used = used;
        if (!(sigma > 0)) throw new IllegalArgumentException("noise sigma must be > 0, got " + sigma);
        this.data = data;
        this.sigma = sigma;
        this.psf = psf;
        this.geometry = geometry;
        this.model = new double[n];
        this.weights = new double[n];
    }

    /** Fixes the Fourier grid (FFT period, max k) used from now on; chosen for these parameters. */
    public void fixGridFor(GalaxyParams p) {
        grid = gridFor(p);
        wrapCorrection = null;
    }

    /** Added to every model drawn on a capped grid: what the full period holds and the capped one wraps, at one point. */
    private double[] wrapCorrection;

    /**
     * Draws from now on with an FFT period of at most {@code period} pixels, plus a fixed correction: the difference,
     * at {@code at}, between the drawing on GalSim's period and on this one (the light the short period folds back
     * onto the stamp). A high-n galaxy's period of 192-768 pixels becomes 128: 2.5-5 times fewer Fourier samples.
     * The correction is exact at {@code at} and off by its change elsewhere: on 60 dataset-3 galaxies moved by up to
     * 2 Cramer-Rao errors in every label, pixels within 3.5e-5 of the peak (90 %), 1.1e-3 at worst, and the negative log
     * likelihood within 0.012 (90 %). For the posterior's draws, which stay near the fit; no gradient goes with it.
     */
    public void capPeriod(GalaxyParams at, int period) { capPeriod(at, period, java.util.List.of(), 0); }

    /**
     * The same, kept only if at each of {@code checks} the capped negative log likelihood is within {@code tolerance}
     * of the full one (a bright extended galaxy's wings can change faster than the correction follows).
     *
     * @return whether the period is capped now
     */
    public boolean capPeriod(GalaxyParams at, int period, java.util.List<GalaxyParams> checks, double tolerance) {
        if (grid == null) fixGridFor(at);
        if (grid.fftSize() <= period) return false;
        double[] full = new double[checks.size()];
        for (int i = 0; i < full.length; i++) full[i] = value(checks.get(i), null);
        GalaxyRenderer.Grid full0 = grid, capped = new GalaxyRenderer.Grid(Math.max(period, geometry.size()), grid.maxK());
        double[] exact = new double[model.length], folded = new double[model.length];
        renderer.render(at, psf, geometry, full0, exact);
        renderer.render(at, psf, geometry, capped, folded);
        for (int i = 0; i < exact.length; i++) exact[i] -= folded[i];
        grid = capped;
        wrapCorrection = exact;
        for (int i = 0; i < full.length; i++) {
            if (Math.abs(value(checks.get(i), null) - full[i]) > tolerance) {
                grid = full0;
                wrapCorrection = null;
                return false;
            }
        }
        return true;
    }

    /** The grid GalSim's rules give at p (not fixed). */
    public GalaxyRenderer.Grid gridFor(GalaxyParams p) { return renderer.gridFor(p, psf, geometry); }

    public GalaxyRenderer.Grid grid() { return grid; }

    /** NLL at p; if gradOut is not null it receives dNLL/d(flux, n, hlr, g1, g2). */
    public double value(GalaxyParams p, double[] gradOut) {
        return value(p, geometry, gradOut);
    }

    /**
     * NLL at p with the profile centre at the stamp's true centre plus (offsetX, offsetY) pixels; a 7-element
     * gradOut also receives dNLL/d(offsetX, offsetY).
     */
    public double value(GalaxyParams p, double offsetX, double offsetY, double[] gradOut) {
        return value(p, new StampGeometry(geometry.size(), geometry.pixelScale(), offsetX, offsetY), gradOut);
    }

    private double value(GalaxyParams p, StampGeometry geo, double[] gradOut) {
        if (grid == null) fixGridFor(p);
        renderer.render(p, psf, geo, grid, model);
        if (wrapCorrection != null) {
            if (gradOut != null) throw new IllegalStateException("a capped period has no gradient: fix the grid again for a fit");
            for (int i = 0; i < model.length; i++) model[i] += wrapCorrection[i];
        }
        double nll = 0, s2 = sigma * sigma;
        for (int i = 0; i < data.length; i++) {
            if (data[i] != data[i]) { // masked
                weights[i] = 0;
                continue;
            }
            double mu = model[i], v = s2 + Math.max(mu, 0), r = data[i] - mu;
            nll += r * r / (2 * v) + 0.5 * Math.log(v);
            weights[i] = -r / v + (mu > 0 ? 0.5 / v - r * r / (2 * v * v) : 0);
        }
        if (gradOut != null) adjoint.gradient(p, psf, geo, grid, weights, gradOut);
        return nll;
    }

    /** Sum of squared normalised residuals over (pixels - 5), at the last evaluated point. */
    public double chiSquaredPerDof() {
        double s2 = sigma * sigma, c = 0;
        for (int i = 0; i < data.length; i++) {
            double r = data[i] - model[i];
            if (r == r) c += r * r / (s2 + Math.max(model[i], 0));
        }
        return c / (used - 5);
    }

    /** The model image at the last evaluated point (a copy). */
    public double[] model() { return model.clone(); }
}

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
    public void fixGridFor(GalaxyParams p) { fixGrid(gridFor(p)); }

    /** Fixes a given Fourier grid from now on. */
    public void fixGrid(GalaxyRenderer.Grid g) {
        grid = g;
        wrapAt = null;
    }

    /**
     * Added to every model drawn on a capped grid: the light the short period folds back onto the stamp, as
     * {@code wrapAt + sum_k wrapSlopes[k] (theta_k - wrapTheta[k])}, theta = (flux, n, hlr, g1, g2).
     */
    private double[] wrapAt;
    private double[][] wrapSlopes;
    private double[] wrapTheta;
    /** The grid before the cap. */
    private GalaxyRenderer.Grid uncapped;

    /**
     * Draws from now on with an FFT period of at most {@code period} pixels, plus a correction for the light the short
     * period folds back onto the stamp: the difference between the drawing on GalSim's period and on this one at
     * {@code at} (exact there). For the posterior's draws, which stay near the fit; no gradient goes with it.
     */
    public void capPeriod(GalaxyParams at, int period) { capPeriod(at, new int[] {period}, java.util.List.of(), 0); }

    /** {@link #capPeriod(GalaxyParams, int[], java.util.List, double)} with one period; whether the period is capped now. */
    public boolean capPeriod(GalaxyParams at, int period, java.util.List<GalaxyParams> checks, double tolerance) {
        return capPeriod(at, new int[] {period}, checks, tolerance) > 0;
    }

    /**
     * The same for the shortest of {@code periods} (ascending) at which the correction holds the likelihood: at each of
     * {@code checks} (points around {@code at}, such as one proposal standard deviation either side along each axis)
     * the capped negative log likelihood must be within {@code tolerance} of the full one.
     * <p>
     * With five or more checks the correction also follows the parameters to first order: per pixel, the folded
     * light's change over the checks is fitted by least squares as linear in (flux, n, hlr, g1, g2). A bright
     * extended galaxy's folded wings change with n and hlr much faster than the light on the stamp does, and the
     * linear term takes most of that change, so a period of 64 or 96 pixels holds where a constant needs 128 or more.
     * The test against the tolerance uses the same checks, whose residual from a 5-parameter fit to 10 points
     * measures what the linear term leaves out.
     *
     * @return the period the draws use now, or 0 when none is shorter than GalSim's and holds
     */
    public int capPeriod(GalaxyParams at, int[] periods, java.util.List<GalaxyParams> checks, double tolerance) {
        if (grid == null) fixGridFor(at);
        if (wrapAt != null) grid = uncapped; // capped before: start again from the full period
        GalaxyRenderer.Grid full = grid;
        wrapAt = null;
        int m = checks.size(), n = model.length;
        double[] fullAt = null, fullNll = null;
        double[][] fullChecks = null;
        double[] theta0 = at.toArray();
        double[][] dTheta = new double[m][];
        for (int i = 0; i < m; i++) {
            dTheta[i] = checks.get(i).toArray();
            for (int k = 0; k < 5; k++) dTheta[i][k] -= theta0[k];
        }
        double[][] fit = linearFit(dTheta); // maps the checks' values onto the 5 slopes, or null
        for (int period : periods) {
            int side = Math.max(period, geometry.size());
            if (full.fftSize() <= side) break;
            if (fullAt == null) {
                fullAt = new double[n];
                renderer.render(at, psf, geometry, full, fullAt);
                fullNll = new double[m];
                fullChecks = new double[m][n];
                for (int i = 0; i < m; i++) {
                    renderer.render(checks.get(i), psf, geometry, full, fullChecks[i]);
                    fullNll[i] = nllOf(fullChecks[i]);
                }
            }
            GalaxyRenderer.Grid capped = new GalaxyRenderer.Grid(side, full.maxK());
            double[] c0 = new double[n];
            renderer.render(at, psf, geometry, capped, c0);
            for (int j = 0; j < n; j++) c0[j] = fullAt[j] - c0[j];
            double[][] cappedChecks = new double[m][n];
            for (int i = 0; i < m; i++) renderer.render(checks.get(i), psf, geometry, capped, cappedChecks[i]);
            double[][] slopes = null;
            if (fit != null) {
                slopes = new double[5][n];
                for (int j = 0; j < n; j++)
                    for (int i = 0; i < m; i++) {
                        double change = fullChecks[i][j] - cappedChecks[i][j] - c0[j]; // the folded light's change
                        for (int k = 0; k < 5; k++) slopes[k][j] += fit[k][i] * change;
                    }
            }
            boolean holds = true;
            double[] trial = new double[n];
            for (int i = 0; i < m && holds; i++) {
                for (int j = 0; j < n; j++) {
                    double c = c0[j];
                    if (slopes != null) for (int k = 0; k < 5; k++) c += slopes[k][j] * dTheta[i][k];
                    trial[j] = cappedChecks[i][j] + c;
                }
                holds = Math.abs(nllOf(trial) - fullNll[i]) <= tolerance;
            }
            if (holds) {
                uncapped = full;
                grid = capped;
                wrapAt = c0;
                wrapSlopes = slopes;
                wrapTheta = theta0;
                return side;
            }
        }
        return 0;
    }

    /**
     * The 5 x m matrix (D'D)^-1 D' of a least-squares fit of values at m points, offsets D (m x 5) from the centre, by a
     * linear function; null when the points do not determine one (fewer than 5, or degenerate).
     */
    private static double[][] linearFit(double[][] d) {
        int m = d.length;
        if (m < 5) return null;
        double[] scale = new double[5]; // columns scaled to unit rms for the conditioning
        for (int k = 0; k < 5; k++) {
            for (double[] row : d) scale[k] += row[k] * row[k];
            scale[k] = Math.sqrt(scale[k] / m);
            if (!(scale[k] > 0)) return null;
        }
        org.apache.commons.math3.linear.RealMatrix x = new org.apache.commons.math3.linear.Array2DRowRealMatrix(m, 5);
        for (int i = 0; i < m; i++) for (int k = 0; k < 5; k++) x.setEntry(i, k, d[i][k] / scale[k]);
        org.apache.commons.math3.linear.RealMatrix xtx = x.transpose().multiply(x);
        org.apache.commons.math3.linear.DecompositionSolver solver = new org.apache.commons.math3.linear.LUDecomposition(xtx).getSolver();
        if (!solver.isNonSingular() || new org.apache.commons.math3.linear.SingularValueDecomposition(xtx).getConditionNumber() > 1e8) return null;
        double[][] f = solver.getInverse().multiply(x.transpose()).getData();
        for (int k = 0; k < 5; k++) for (int i = 0; i < m; i++) f[k][i] /= scale[k];
        return f;
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
        if (wrapAt != null) {
            if (gradOut != null) throw new IllegalStateException("a capped period has no gradient: fix the grid again for a fit");
            for (int i = 0; i < model.length; i++) model[i] += wrapAt[i];
            if (wrapSlopes != null) {
                double[] t = p.toArray();
                double d0 = t[0] - wrapTheta[0], d1 = t[1] - wrapTheta[1], d2 = t[2] - wrapTheta[2], d3 = t[3] - wrapTheta[3],
                        d4 = t[4] - wrapTheta[4];
                double[] s0 = wrapSlopes[0], s1 = wrapSlopes[1], s2 = wrapSlopes[2], s3 = wrapSlopes[3], s4 = wrapSlopes[4];
                for (int i = 0; i < model.length; i++) model[i] += s0[i] * d0 + s1[i] * d1 + s2[i] * d2 + s3[i] * d3 + s4[i] * d4;
            }
        }
        double nll = nllOf(model);
        if (gradOut == null) return nll; // the posterior's draws: no per-pixel weights to make
        double s2 = sigma * sigma;
        for (int i = 0; i < data.length; i++) {
            if (data[i] != data[i]) { // masked
                weights[i] = 0;
                continue;
            }
            double mu = model[i], v = s2 + Math.max(mu, 0), r = data[i] - mu;
            weights[i] = -r / v + (mu > 0 ? 0.5 / v - r * r / (2 * v * v) : 0); // dNLL/dmu
        }
        adjoint.gradient(p, psf, geo, grid, weights, gradOut);
        return nll;
    }

    /** The negative log likelihood of a model image (masked pixels left out). */
    private double nllOf(double[] mu) {
        double nll = 0, s2 = sigma * sigma;
        for (int i = 0; i < data.length; i++) {
            if (data[i] != data[i]) continue;
            double v = s2 + Math.max(mu[i], 0), r = data[i] - mu[i];
            nll += r * r / (2 * v) + 0.5 * Math.log(v);
        }
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

    /** Noiseless SNR (root sum of squared model pixels over sigma) of the model at the last evaluated point. */
    public double modelSnr() { return org.galaxyparams.sim.NoiseModel.snr(model, sigma); }

    /** The model image at the last evaluated point (a copy). */
    public double[] model() { return model.clone(); }
}

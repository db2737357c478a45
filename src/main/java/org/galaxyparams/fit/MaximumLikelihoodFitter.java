package org.galaxyparams.fit;

import java.util.function.BooleanSupplier;
import org.galaxyparams.fit.lbfgsb.Lbfgsb;
import org.galaxyparams.fit.lbfgsb.LbfgsbOptions;
import org.galaxyparams.fit.lbfgsb.LbfgsbResult;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.GalaxyRenderer;
import org.galaxyparams.sim.PsfModel;
import org.galaxyparams.sim.StampGeometry;

/**
 * Fits flux, n, hlr, g1, g2 to one stamp by maximising the Poisson + Gaussian likelihood with L-BFGS-B inside
 * SPEC's prior widened slightly, then reports the Cramer-Rao errors at the estimate.
 * Optimisation variables are scaled to order one: (flux / flux0, n, hlr / 0.1 arcsec, g1, g2).
 */
public final class MaximumLikelihoodFitter {
    /** Bounds in parameter units: flux (counts, upper set per stamp), n, hlr (arcsec), g1, g2. */
    static final double[] LOWER = {0, 0.4, 0.03, -0.7, -0.7}; // the g box keeps |g| below 0.99
    static final double[] UPPER = {Double.NaN, 6.2, 1.2, 0.7, 0.7};
    private static final double HLR_UNIT = 0.1;

    /** Flux / its Cramer-Rao error below which the stamp is said to hold no source. */
    static final double MIN_SIGNIFICANCE = 3;

    /** How far (pixels) a free centre may move from where it started. */
    static final double CENTRE_RANGE = 3;

    /** Wall time a fit may take, seconds: a dataset-3 fit takes 0.1-0.3 s, so this only stops a runaway. */
    public static final double TIME_LIMIT_SECONDS = 60;

    private final LbfgsbOptions options;
    private boolean freeCentre;
    private double timeLimitSeconds = TIME_LIMIT_SECONDS;

    /** Another wall-time limit per fit (seconds); passing it gives converged = 0 with the reason. */
    public MaximumLikelihoodFitter withTimeLimit(double seconds) {
        if (!(seconds > 0)) throw new IllegalArgumentException("time limit must be > 0 s, got " + seconds);
        this.timeLimitSeconds = seconds;
        return this;
    }

    /** Also fit the centre (two offsets in pixels, within +-3 of the stamp geometry's offset). */
    public MaximumLikelihoodFitter withFreeCentre(boolean free) {
        this.freeCentre = free;
        return this;
    }

    public MaximumLikelihoodFitter() {
        // dataset-3 fits take 37 evaluations on average, 67 at most (40 stamps): 1,000 stops a runaway in seconds
        this(LbfgsbOptions.defaults().withProjectedGradientTolerance(1e-6).withFactr(1e5).withMaxIterations(500).withMaxEvaluations(1000));
    }

    public MaximumLikelihoodFitter(LbfgsbOptions options) { this.options = options; }

    /**
     * A fitter whose answer only starts a posterior: it stops when an iteration lowers the negative log likelihood by
     * less than about 0.005 (factr 1e9 on a likelihood of order 2e4; the default stops at 2e-7) or the projected gradient is below 1e-3.
     * The posterior's proposal adapts to where the draws say the mass is, so a start a small fraction of a standard
     * deviation off the maximum changes nothing but the efficiency of its first draws; on 40 dataset-3 stamps this
     * halves the fit's likelihood evaluations (30 to 15).
     */
    public static MaximumLikelihoodFitter posteriorStart() {
        MaximumLikelihoodFitter f = new MaximumLikelihoodFitter(LbfgsbOptions.defaults().withProjectedGradientTolerance(1e-3).withFactr(1e9)
                .withMaxIterations(500).withMaxEvaluations(1000));
        f.maxPeriod = START_PERIOD;
        return f;
    }

    /**
     * FFT period (pixels) a posterior's start is fitted on at most. GalSim's period for an extended high-n galaxy is
     * 192-768 pixels, where one likelihood costs 2-16 times one on 128; the short period wraps the far wings back onto
     * the stamp, which moves the maximum by a fraction of its error, and the posterior's own draws correct for the wrap
     * ({@link PoissonGaussianLikelihood#capPeriod}). The Fisher matrix (the proposal's shape) is taken on the same
     * period; the model image and chi2 of the result are drawn on GalSim's.
     */
    static final int START_PERIOD = 128;

    /** Largest FFT period of the fit, pixels; 0 for GalSim's own. */
    private int maxPeriod;

    /** The grid the fit draws on at p: GalSim's, at most {@link #maxPeriod} wide when one is set. */
    private GalaxyRenderer.Grid gridAt(PoissonGaussianLikelihood nll, GalaxyParams p) {
        GalaxyRenderer.Grid g = nll.gridFor(p);
        return maxPeriod > 0 && g.fftSize() > maxPeriod ? new GalaxyRenderer.Grid(maxPeriod, g.maxK()) : g;
    }

    /** Fits from the moment-based start of {@link MomentStart}. */
    public FitResult fit(double[] stamp, double sigma, PsfModel psf, StampGeometry geo, BooleanSupplier cancel) {
        return fit(stamp, sigma, psf, geo, MomentStart.guess(stamp, geo), cancel);
    }

    public FitResult fit(double[] stamp, double sigma, PsfModel psf, StampGeometry geo, GalaxyParams start,
                         BooleanSupplier cancel) {
        long t0 = System.nanoTime();
        long deadline = t0 + (long) (timeLimitSeconds * 1e9);
        boolean[] timedOut = {false};
        BooleanSupplier stop = () -> cancel.getAsBoolean() || (timedOut[0] = System.nanoTime() > deadline);
        PoissonGaussianLikelihood nll = new PoissonGaussianLikelihood(stamp, sigma, psf, geo);
        double flux0 = Math.max(start.flux(), 10 * sigma);
        double fluxMax = 20 * flux0;
        double[] lower = {LOWER[0] / flux0, LOWER[1], LOWER[2] / HLR_UNIT, LOWER[3], LOWER[4]};
        double[] upper = {fluxMax / flux0, UPPER[1], UPPER[2] / HLR_UNIT, UPPER[3], UPPER[4]};
        int dim = freeCentre ? 7 : 5;
        double ox0 = geo.offsetX(), oy0 = geo.offsetY();
        if (freeCentre) {
            lower = java.util.Arrays.copyOf(lower, 7);
            upper = java.util.Arrays.copyOf(upper, 7);
            lower[5] = ox0 - CENTRE_RANGE;
            upper[5] = ox0 + CENTRE_RANGE;
            lower[6] = oy0 - CENTRE_RANGE;
            upper[6] = oy0 + CENTRE_RANGE;
        }
        double[] lo = lower, hi = upper;
        GalaxyParams point = start;
        double[] centre = {ox0, oy0};
        LbfgsbResult r = null;
        int iterations = 0, evaluations = 0;
        // the grid follows the profile: refit once if the optimum needs a different FFT period
        String gridNote = "";
        for (int pass = 0; pass < 3; pass++) {
            if (pass > 0 && nll.gridFor(point).fftSize() > GalaxyRenderer.MAX_GRID) {
                // the estimate has run to a profile far larger than the stamp: keep the last grid's answer, said
                gridNote = "; the estimate needs a Fourier grid beyond " + GalaxyRenderer.MAX_GRID + " (a profile far larger than the stamp)";
                break;
            }
            nll.fixGrid(gridAt(nll, point));
            double[] x0 = java.util.Arrays.copyOf(toX(point, flux0), dim);
            if (freeCentre) {
                x0[5] = centre[0];
                x0[6] = centre[1];
            }
            r = Lbfgsb.minimize((x, g) -> {
                double[] grad = new double[dim];
                double v = nll.value(toParams(x, flux0), dim == 7 ? x[5] : ox0, dim == 7 ? x[6] : oy0, grad);
                g[0] = grad[0] * flux0;
                g[1] = grad[1];
                g[2] = grad[2] * HLR_UNIT;
                g[3] = grad[3];
                g[4] = grad[4];
                if (dim == 7) {
                    g[5] = grad[5];
                    g[6] = grad[6];
                }
                return v;
            }, x0, lo, hi, options.withCancel(stop));
            iterations += r.iterations();
            evaluations += r.evaluations();
            point = toParams(r.x(), flux0);
            if (freeCentre) {
                centre[0] = r.x()[5];
                centre[1] = r.x()[6];
            }
            if (!r.converged() || gridAt(nll, point).equals(nll.grid())) break;
        }
        StampGeometry fitted = new StampGeometry(geo.size(), geo.pixelScale(), centre[0], centre[1]);
        GalaxyRenderer.Grid fitGrid = nll.grid();
        if (maxPeriod > 0 && gridNote.isEmpty()) nll.fixGridFor(point); // the model and chi2 on GalSim's period
        nll.value(point, centre[0], centre[1], null);
        double[] model = nll.model();
        double[] errors;
        double[][] fisher = null;
        try {
            CramerRaoBound crb = maxPeriod > 0 ? CramerRaoBound.at(point, psf, fitted, sigma, stamp, fitGrid)
                    : CramerRaoBound.at(point, psf, fitted, sigma, stamp);
            fisher = crb.fisher();
            errors = crb.standardDeviations();
        } catch (RuntimeException e) { // singular Fisher matrix, e.g. zero flux
            errors = new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        }
        String onBound = boundsHit(r.x(), lower, upper);
        boolean finiteErrors = true;
        for (double e : errors) finiteErrors &= Double.isFinite(e);
        // a source is there when its flux stands out of its own error: below 3 sigma the fit describes noise
        boolean source = finiteErrors && point.flux() >= MIN_SIGNIFICANCE * errors[0];
        boolean converged = r.converged() && onBound.isEmpty() && source && gridNote.isEmpty();
        // the optimiser's own "converged" is not repeated when a check below overrules it (it would read as a contradiction)
        String reason = timedOut[0] ? String.format(java.util.Locale.ROOT, "stopped at the time limit of %.0f s per stamp", timeLimitSeconds)
                : converged || !r.converged() ? r.reason().words() : "optimiser stopped";
        String message = reason + gridNote
                + (onBound.isEmpty() ? "" : "; on the prior bound of " + onBound)
                + (!finiteErrors ? "; errors undefined at the estimate (singular Fisher matrix)"
                : !source ? String.format(java.util.Locale.ROOT, "; no source detected (flux %.4g, error %.3g)", point.flux(), errors[0]) : "");
        return new FitResult(point, errors, nll.chiSquaredPerDof(), iterations, evaluations, converged, message,
                (System.nanoTime() - t0) / 1e9, model, centre[0], centre[1], fisher);
    }

    private static String boundsHit(double[] x, double[] lower, double[] upper) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < x.length; i++) { // flux at its bound is reported through the estimate itself
            double span = upper[i] - lower[i];
            if (x[i] - lower[i] < 1e-6 * span || upper[i] - x[i] < 1e-6 * span) {
                if (b.length() > 0) b.append(", ");
                b.append(i < 5 ? GalaxyParams.LABELS[i] : i == 5 ? "centre x" : "centre y");
            }
        }
        return b.toString();
    }

    private static double[] toX(GalaxyParams p, double flux0) {
        return new double[] {p.flux() / flux0, p.sersicN(), p.hlrArcsec() / HLR_UNIT, p.g1(), p.g2()};
    }

    private static GalaxyParams toParams(double[] x, double flux0) {
        return new GalaxyParams(x[0] * flux0, x[1], x[2] * HLR_UNIT, x[3], x[4]);
    }
}

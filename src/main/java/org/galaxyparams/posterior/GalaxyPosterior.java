package org.galaxyparams.posterior;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.galaxyparams.fit.CramerRaoBound;
import org.galaxyparams.fit.PoissonGaussianLikelihood;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.PsfModel;
import org.galaxyparams.sim.StampGeometry;

/**
 * The posterior of one stamp's (flux, n, hlr, g1, g2) under the exact Poisson-Gaussian likelihood and a
 * {@link PosteriorPrior}, by importance sampling.
 *
 * <p>Sampling runs in u = (flux, n, hlr, h1, h2), where the prior is uniform ({@link ShearMap}), so a draw's weight is
 * likelihood / proposal inside the prior and zero outside (box, shear disk, SNR window). The proposal is a
 * multivariate Student t (5 degrees of freedom: tails heavier than the posterior's, so the weights stay bounded)
 * centred on the starting point (the maximum-likelihood fit) with covariance 1.5² (J' F J + R)⁻¹: F the Fisher matrix
 * there, J = du→θ Jacobian, R = diag(4 / prior width²), which keeps the proposal no wider than the prior where the
 * data say little. The proposal adapts, up to twice, to the weighted moments of the draws so far (population Monte
 * Carlo); later batches come, in turn, from the most efficient proposal and from the first one (a defensive mixture,
 * which bounds the weights where an adapted proposal is too narrow). Every draw counts: the weights are those of the
 * deterministic mixture of all proposals used (the balance heuristic of multiple importance sampling, as in AMIS),
 * target / sum_j (n_j / N) q_j, so no draw is thrown away with the proposal it came from. Draws come in batches of
 * {@value #BATCH} until the effective sample size reaches {@value #TARGET_ESS} or {@value #MAX_DRAWS} draws were
 * made; the last batches are no larger than the draws still missing need at the efficiency so far. Below
 * {@value #MIN_ESS} the summary says so.
 *
 * <p>Speed: the draws are made on the shortest FFT period of {@link #PERIOD_CAPS} at which the likelihood, with the
 * light the short period folds back corrected to first order in the parameters, stays within {@link #CAP_TOLERANCE}
 * of GalSim's at ten points one proposal standard deviation from the start (see
 * {@link PoissonGaussianLikelihood#capPeriod(GalaxyParams, int[], java.util.List, double)}); on dataset 3 that is 64
 * pixels for about two thirds of the galaxies, whose GalSim period is 128-768.
 */
public final class GalaxyPosterior {
    static final int BATCH = 128, MAX_DRAWS = 2048, DOF = 5;
    static final double TARGET_ESS = 200, MIN_ESS = 50, INFLATE = 1.5, ADAPTED_INFLATE = 1.2;
    static final int ADAPTATIONS = 2;
    /** Smallest batch of the last draws, sized to the effective draws still missing. */
    static final int MIN_BATCH = 32;
    /**
     * FFT periods the draws may be made on, pixels, shortest first, with the wrap correction at the fit
     * ({@link PoissonGaussianLikelihood#capPeriod}): the shortest that holds {@link #CAP_TOLERANCE} is used.
     */
    static final int[] PERIOD_CAPS = {64, 96, 128, 192, 256};
    /**
     * Largest change of the negative log likelihood the capped period may make one proposal standard deviation from
     * the fit: a weight off by 2 % at most there.
     */
    static final double CAP_TOLERANCE = 0.02;
    /** Fewer effective draws than this make too rough a covariance to adapt to. */
    static final double MIN_ADAPT_ESS = 5;

    /** Wall time a posterior may take, seconds (0.1-0.3 s is usual, 2 s for the hardest): past it the draws so far are summarised. */
    public static final double TIME_LIMIT_SECONDS = 120;

    private final PosteriorPrior prior;
    private final ShearMap map;
    private double timeLimitSeconds = TIME_LIMIT_SECONDS;

    /** Another wall-time limit per stamp (seconds). */
    public GalaxyPosterior withTimeLimit(double seconds) {
        if (!(seconds > 0)) throw new IllegalArgumentException("time limit must be > 0 s, got " + seconds);
        this.timeLimitSeconds = seconds;
        return this;
    }

    public GalaxyPosterior(PosteriorPrior prior) {
        this.prior = prior;
        this.map = new ShearMap(prior.shearMax());
    }

    /**
     * @param data stamp pixels (counts, sky removed), row-major
     * @param geometry stamp geometry with the galaxy's centre offset (held fixed)
     * @param start a point near the posterior's peak, e.g. the maximum-likelihood fit
     * @param seed seed of the draws (the summary is a deterministic function of the inputs and the seed)
     */
    public PosteriorSummary sample(double[] data, double sigma, PsfModel psf, StampGeometry geometry, GalaxyParams start, long seed,
                                   BooleanSupplier cancelled) {
        return sample(data, sigma, psf, geometry, start, null, seed, cancelled);
    }

    /**
     * The same, given the Fisher matrix at {@code start} (label order; a maximum-likelihood fit has it), which saves
     * computing it again when the start lies inside the prior; null to compute it.
     */
    public PosteriorSummary sample(double[] data, double sigma, PsfModel psf, StampGeometry geometry, GalaxyParams start,
                                   double[][] fisherAtStart, long seed, BooleanSupplier cancelled) {
        long deadline = System.nanoTime() + (long) (timeLimitSeconds * 1e9);
        BooleanSupplier late = () -> System.nanoTime() > deadline;
        double[] u0 = centre(start);
        GalaxyParams at = params(u0);
        double[][] known = fisherAtStart != null && same(at, start) ? fisherAtStart : null;
        double[][] chol = proposalCholesky(u0, at, known, psf, geometry, sigma, data);
        PoissonGaussianLikelihood likelihood = new PoissonGaussianLikelihood(data, sigma, psf, geometry);
        likelihood.fixGridFor(at);
        // the draws on a shorter period, if it holds the likelihood to CAP_TOLERANCE one proposal sd from the fit
        java.util.List<GalaxyParams> checks = new java.util.ArrayList<>();
        for (int k = 0; k < 5; k++)
            for (int sign = -1; sign <= 1; sign += 2) {
                double[] u = u0.clone();
                for (int r = 0; r < 5; r++) u[r] += sign * chol[r][k];
                double[] g = Math.hypot(u[3], u[4]) > prior.shearMax() ? null : map.shear(u[3], u[4]);
                if (g != null && prior.inBox(u[0], u[1], u[2], g[0], g[1])) checks.add(new GalaxyParams(u[0], u[1], u[2], g[0], g[1]));
            }
        likelihood.capPeriod(at, PERIOD_CAPS, checks, CAP_TOLERANCE);
        SplittableRandom rng = new SplittableRandom(seed);
        Draws d = new Draws(MAX_DRAWS);
        Proposal current = new Proposal(u0, chol);
        draw(d, BATCH, current, likelihood, geometry, sigma, rng);
        // adapt twice: a proposal at the weighted mean and covariance of what was found (population Monte Carlo),
        // which fixes a start off the peak and a Fisher shape the nonlinear model bends
        for (int adapt = 0; adapt < ADAPTATIONS && !cancelled.getAsBoolean() && !late.getAsBoolean(); adapt++) {
            // a start far off the peak can leave the first batch with a single weight that counts: draw on until
            // there are enough effective draws to estimate a covariance from (at most half the budget)
            while (d.ess() < MIN_ADAPT_ESS && d.n < MAX_DRAWS / 2 && !cancelled.getAsBoolean() && !late.getAsBoolean())
                draw(d, BATCH, current, likelihood, geometry, sigma, rng);
            if (d.ess() < MIN_ADAPT_ESS) break;
            double[][] moments = d.moments();
            double[][] c = java.util.Arrays.copyOfRange(moments, 1, 6);
            for (int r = 0; r < 5; r++) for (int k = 0; k <= r; k++) {
                double c0 = 0; // a twentieth of the first proposal's covariance keeps a degenerate estimate invertible
                for (int m = 0; m <= Math.min(r, k); m++) c0 += chol[r][m] * chol[k][m];
                c[r][k] = c[k][r] = ADAPTED_INFLATE * ADAPTED_INFLATE * c[r][k] + 0.05 * c0 / (INFLATE * INFLATE);
            }
            double[][] l;
            try {
                l = new CholeskyDecomposition(new Array2DRowRealMatrix(c), 1e-12, 1e-300).getL().getData();
            } catch (RuntimeException notPositive) {
                break;
            }
            Proposal next = new Proposal(moments[0], l);
            draw(d, BATCH, next, likelihood, geometry, sigma, rng);
            // later batches come from whichever proposal's own draws were the more efficient
            if (d.efficiency(next) >= d.efficiency(current)) current = next;
        }
        // defensive mixture (Hesterberg): every other batch from the first, wide proposal, so that an adapted proposal
        // narrower than the posterior in some direction cannot leave its tails to a handful of huge weights
        Proposal first = d.proposals.get(0);
        for (int batch = 0; d.n < MAX_DRAWS && d.ess() < TARGET_ESS && !cancelled.getAsBoolean() && !late.getAsBoolean(); batch++) {
            // no larger a batch than the effective draws still missing need at the efficiency so far (plus a tenth):
            // the ESS target is met with fewer wasted draws
            double perDraw = Math.max(d.ess() / d.n, 1e-3);
            int size = (int) Math.max(MIN_BATCH, Math.min(BATCH, Math.ceil(1.1 * (TARGET_ESS - d.ess()) / perDraw)));
            draw(d, size, batch % 2 == 1 ? first : current, likelihood, geometry, sigma, rng);
        }
        int spent = d.n;
        PosteriorSummary s = summarise(d.theta, d.weights(), d.n, d.ess(), spent, cancelled.getAsBoolean());
        if (!late.getAsBoolean() || cancelled.getAsBoolean() || d.ess() >= TARGET_ESS) return s;
        String note = String.format(java.util.Locale.ROOT, "posterior: stopped at the time limit of %.0f s per stamp", timeLimitSeconds);
        return new PosteriorSummary(s.mean(), s.std(), s.p16(), s.p84(), s.ess(), s.draws(),
                s.message().isEmpty() ? note : note + "; " + s.message());
    }

    /**
     * One Student-t proposal: centre u0, covariance L L' (lower Cholesky factor L), and the log of its density's
     * normalisation that differs between proposals, -log det L.
     */
    private static final class Proposal {
        final double[] u0;
        final double[][] chol;
        final double logNorm;
        int draws;

        Proposal(double[] u0, double[][] chol) {
            this.u0 = u0;
            this.chol = chol;
            double logDet = 0;
            for (int k = 0; k < 5; k++) logDet += Math.log(chol[k][k]);
            this.logNorm = -logDet;
        }

        /** log q(u) up to the constant all t proposals of this dimension and DOF share. */
        double logDensity(double[] u) {
            // delta^2 = |L^-1 (u - u0)|^2 by forward substitution
            double[] y = new double[5];
            double d2 = 0;
            for (int r = 0; r < 5; r++) {
                double s = u[r] - u0[r];
                for (int c = 0; c < r; c++) s -= chol[r][c] * y[c];
                y[r] = s / chol[r][r];
                d2 += y[r] * y[r];
            }
            return logNorm - 0.5 * (DOF + 5) * Math.log1p(d2 / DOF);
        }
    }

    /** Draws in u (and θ) with their log target (log likelihood inside the prior, -inf outside) and proposal. */
    private static final class Draws {
        final double[][] theta, u;
        final double[] logTarget;
        final Proposal[] from;
        final java.util.List<Proposal> proposals = new java.util.ArrayList<>();
        int n;
        private double[] weights; // log weights under the mixture, recomputed when draws are added

        Draws(int capacity) {
            theta = new double[capacity][];
            u = new double[capacity][];
            logTarget = new double[capacity];
            from = new Proposal[capacity];
        }

        void add(Proposal p, double[] uu, double[] th, double logT) {
            if (!proposals.contains(p)) proposals.add(p);
            p.draws++;
            u[n] = uu;
            theta[n] = th;
            logTarget[n] = logT;
            from[n] = p;
            n++;
            weights = null;
        }

        /** log weights: target / sum_j (n_j / N) q_j (the deterministic mixture of every proposal used). */
        double[] weights() {
            if (weights != null) return weights;
            double[] w = new double[n];
            double[] terms = new double[proposals.size()];
            for (int i = 0; i < n; i++) {
                if (logTarget[i] == Double.NEGATIVE_INFINITY) {
                    w[i] = Double.NEGATIVE_INFINITY;
                    continue;
                }
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < terms.length; j++) {
                    Proposal p = proposals.get(j);
                    terms[j] = Math.log((double) p.draws / n) + p.logDensity(u[i]);
                    max = Math.max(max, terms[j]);
                }
                double sum = 0;
                for (double t : terms) sum += Math.exp(t - max);
                w[i] = logTarget[i] - (max + Math.log(sum));
            }
            return weights = w;
        }

        double ess() { return effectiveSampleSize(weights(), n); }

        /** ESS per draw of one proposal's own draws weighted by it alone. */
        double efficiency(Proposal p) {
            double[] lw = new double[p.draws];
            int k = 0;
            for (int i = 0; i < n; i++)
                if (from[i] == p) lw[k++] = logTarget[i] == Double.NEGATIVE_INFINITY ? Double.NEGATIVE_INFINITY : logTarget[i] - p.logDensity(u[i]);
            return k == 0 ? 0 : effectiveSampleSize(lw, k) / k;
        }

        /** {weighted mean of u, then the 5 rows of its weighted covariance}. */
        double[][] moments() {
            double[] logW = weights();
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) max = Math.max(max, logW[i]);
            double total = 0;
            double[] w = new double[n];
            for (int i = 0; i < n; i++) total += w[i] = Math.exp(logW[i] - max);
            double[] mean = new double[5];
            for (int i = 0; i < n; i++) if (w[i] > 0) for (int k = 0; k < 5; k++) mean[k] += w[i] / total * u[i][k];
            double[][] cov = new double[5][5];
            for (int i = 0; i < n; i++)
                if (w[i] > 0)
                    for (int r = 0; r < 5; r++)
                        for (int k = 0; k < 5; k++) cov[r][k] += w[i] / total * (u[i][r] - mean[r]) * (u[i][k] - mean[k]);
            double[][] out = new double[6][];
            out[0] = mean;
            System.arraycopy(cov, 0, out, 1, 5);
            return out;
        }
    }

    /** {@code count} more draws from the t proposal, with their log likelihood inside the prior. */
    private void draw(Draws d, int count, Proposal q, PoissonGaussianLikelihood likelihood, StampGeometry geometry, double sigma,
                      SplittableRandom rng) {
        double[] z = new double[5];
        for (int b = 0; b < count && d.n < d.u.length; b++) {
            double chi2 = 0;
            for (int k = 0; k < 5; k++) z[k] = rng.nextGaussian();
            for (int k = 0; k < DOF; k++) {
                double e = rng.nextGaussian();
                chi2 += e * e;
            }
            double scale = Math.sqrt(DOF / chi2);
            double[] u = new double[5];
            for (int r = 0; r < 5; r++) {
                double s = 0;
                for (int c = 0; c <= r; c++) s += q.chol[r][c] * z[c];
                u[r] = q.u0[r] + scale * s;
            }
            double logT = Double.NEGATIVE_INFINITY;
            double[] theta = null;
            double[] g = Math.hypot(u[3], u[4]) > prior.shearMax() ? null : map.shear(u[3], u[4]);
            if (g != null && prior.inBox(u[0], u[1], u[2], g[0], g[1])) {
                GalaxyParams p = new GalaxyParams(u[0], u[1], u[2], g[0], g[1]);
                double nll = likelihood.value(p, geometry.offsetX(), geometry.offsetY(), null);
                double snr = likelihood.modelSnr();
                if (snr >= prior.snrMin() && snr <= prior.snrMax() && Double.isFinite(nll)) {
                    logT = -nll;
                    theta = p.toArray();
                }
            }
            d.add(q, u, theta, logT);
        }
    }

    /** The starting point in u, moved inside the prior where it lies outside. */
    double[] centre(GalaxyParams s) {
        double[] g = {s.g1(), s.g2()};
        double a = Math.hypot(g[0], g[1]), aMax = 0.999 * prior.shearMax();
        if (a > aMax) {
            g[0] *= aMax / a;
            g[1] *= aMax / a;
        }
        double[] h = map.fromShear(g[0], g[1]);
        return new double[] {clamp(s.flux(), prior.fluxMin(), prior.fluxMax()), clamp(s.sersicN(), prior.nMin(), prior.nMax()),
                clamp(s.hlrArcsec(), prior.hlrMin(), prior.hlrMax()), h[0], h[1]};
    }

    private GalaxyParams params(double[] u) {
        double[] g = map.shear(u[3], u[4]);
        return new GalaxyParams(u[0], u[1], u[2], g[0], g[1]);
    }

    /** Whether two points differ by no more than the rounding of the shear's change of variables. */
    private static boolean same(GalaxyParams a, GalaxyParams b) {
        double[] x = a.toArray(), y = b.toArray();
        for (int k = 0; k < 5; k++) if (Math.abs(x[k] - y[k]) > 1e-12 * Math.max(1, Math.abs(y[k]))) return false;
        return true;
    }

    /** Lower Cholesky factor of the proposal covariance in u. */
    double[][] proposalCholesky(double[] u0, GalaxyParams at, double[][] known, PsfModel psf, StampGeometry geometry, double sigma,
                                double[] data) {
        double[][] fisher = known;
        if (fisher == null) {
            try {
                fisher = CramerRaoBound.at(at, psf, geometry, sigma, data).fisher();
            } catch (RuntimeException singular) { // no information at all: the regulariser alone shapes the proposal
                fisher = new double[5][5];
            }
        }
        double[][] j = new double[5][5];
        j[0][0] = j[1][1] = j[2][2] = 1;
        double[][] js = map.jacobian(u0[3], u0[4]);
        for (int a = 0; a < 2; a++) for (int b = 0; b < 2; b++) j[3 + a][3 + b] = js[a][b];
        RealMatrix jm = new Array2DRowRealMatrix(j);
        RealMatrix fu = jm.transpose().multiply(new Array2DRowRealMatrix(fisher)).multiply(jm);
        double[] w = prior.widths();
        for (int k = 0; k < 5; k++) fu.addToEntry(k, k, 4 / (w[k] * w[k]));
        RealMatrix cov = new LUDecomposition(fu).getSolver().getInverse().scalarMultiply(INFLATE * INFLATE);
        // symmetrise against rounding before the factorisation
        RealMatrix sym = cov.add(cov.transpose()).scalarMultiply(0.5);
        return new CholeskyDecomposition(sym, 1e-12, 1e-300).getL().getData();
    }

    static double effectiveSampleSize(double[] logW, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, logW[i]);
        if (max == Double.NEGATIVE_INFINITY) return 0;
        double s = 0, s2 = 0;
        for (int i = 0; i < n; i++) {
            double w = Math.exp(logW[i] - max);
            s += w;
            s2 += w * w;
        }
        return s * s / s2;
    }

    private static PosteriorSummary summarise(double[][] theta, double[] logW, int n, double ess, int spent, boolean cancelled) {
        if (cancelled) return new PosteriorSummary(null, null, null, null, ess, spent, "cancelled");
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, logW[i]);
        if (max == Double.NEGATIVE_INFINITY)
            return new PosteriorSummary(null, null, null, null, 0, spent, "posterior: none of " + n + " draws near the fit is consistent"
                    + " with the prior (box, shear bound, SNR window): the stamp lies outside what the prior describes");
        double[] w = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) total += w[i] = Math.exp(logW[i] - max);
        double[] mean = new double[5], std = new double[5], p16 = new double[5], p84 = new double[5];
        for (int i = 0; i < n; i++) if (w[i] > 0) for (int k = 0; k < 5; k++) mean[k] += w[i] / total * theta[i][k];
        for (int i = 0; i < n; i++)
            if (w[i] > 0) for (int k = 0; k < 5; k++) std[k] += w[i] / total * (theta[i][k] - mean[k]) * (theta[i][k] - mean[k]);
        for (int k = 0; k < 5; k++) {
            std[k] = Math.sqrt(std[k]);
            p16[k] = quantile(theta, w, total, n, k, 0.16);
            p84[k] = quantile(theta, w, total, n, k, 0.84);
        }
        String message = ess < MIN_ESS ? String.format(java.util.Locale.ROOT,
                "posterior: effective sample size %.0f of %d draws (below %.0f): the errors are rough", ess, n, MIN_ESS) : "";
        return new PosteriorSummary(mean, std, p16, p84, ess, spent, message);
    }

    /** Weighted quantile of label k: the smallest value whose cumulative weight reaches q. */
    private static double quantile(double[][] theta, double[] w, double total, int n, int k, double q) {
        Integer[] order = new Integer[n];
        int m = 0;
        for (int i = 0; i < n; i++) if (w[i] > 0) order[m++] = i;
        Integer[] idx = Arrays.copyOf(order, m);
        Arrays.sort(idx, (a, b) -> Double.compare(theta[a][k], theta[b][k]));
        double c = 0;
        for (int i : idx) {
            c += w[i] / total;
            if (c >= q) return theta[i][k];
        }
        return theta[idx[m - 1]][k];
    }

    private static double clamp(double v, double lo, double hi) { return Math.max(lo, Math.min(hi, v)); }
}

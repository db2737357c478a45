package org.galaxyparams.fit.lbfgsb;

/**
 * Outcome of {@link Lbfgsb#minimize}. {@code x} is the best feasible point found (always inside the box),
 * {@code value} and {@code projectedGradientNorm} (infinity norm) are evaluated at it; {@code iterations}
 * counts completed line searches, {@code evaluations} counts objective calls. {@code message} explains the stop.
 */
public record LbfgsbResult(double[] x, double value, double projectedGradientNorm, int iterations,
                           int evaluations, StopReason reason, String message) {

    /** True when a convergence criterion (projected gradient or relative reduction) stopped the run. */
    public boolean converged() { return reason.isConvergence(); }

    @Override
    public String toString() {
        return "LbfgsbResult[" + reason + ", f=" + value + ", |pg|inf=" + projectedGradientNorm
                + ", iterations=" + iterations + ", evaluations=" + evaluations + ", " + message + "]";
    }
}

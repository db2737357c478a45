package org.galaxyparams.fit;

import org.galaxyparams.sim.GalaxyParams;

/**
 * One maximum-likelihood fit.
 *
 * @param estimate best-fit parameters (label order)
 * @param errors Cramer-Rao standard deviations at the estimate (Fisher matrix of the model), label order
 * @param chi2PerDof sum of squared normalised residuals / (pixels - 5)
 * @param converged whether L-BFGS-B met its convergence criterion and the estimate is not stuck on a bound
 * @param message why the optimiser stopped, and any warning
 * @param model the noiseless model at the estimate, row-major
 * @param offsetX fitted (or given, when the centre was held fixed) centre offset from the stamp's true centre, pixels
 * @param offsetY the same along y
 * @param fisher Fisher matrix at the estimate (label order), null when it could not be computed
 */
public record FitResult(GalaxyParams estimate, double[] errors, double chi2PerDof, int iterations, int evaluations,
                        boolean converged, String message, double seconds, double[] model, double offsetX,
                        double offsetY, double[][] fisher) {
    /** A result without its Fisher matrix. */
    public FitResult(GalaxyParams estimate, double[] errors, double chi2PerDof, int iterations, int evaluations, boolean converged,
                     String message, double seconds, double[] model, double offsetX, double offsetY) {
        this(estimate, errors, chi2PerDof, iterations, evaluations, converged, message, seconds, model, offsetX, offsetY, null);
    }

    /** The same result without the model image (32 KB for a 64 x 64 stamp): what a run keeps per row. */
    public FitResult withoutModel() {
        return model == null ? this : new FitResult(estimate, errors, chi2PerDof, iterations, evaluations, converged, message, seconds,
                null, offsetX, offsetY, fisher);
    }
}

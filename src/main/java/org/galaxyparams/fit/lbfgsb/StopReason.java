package org.galaxyparams.fit.lbfgsb;

/** Why {@link Lbfgsb#minimize} stopped. */
public enum StopReason {
    /** Infinity norm of the projected gradient fell to the pgtol tolerance. */
    PROJECTED_GRADIENT_SMALL(true),
    /** Relative reduction of f over the last iteration fell to the factr-style tolerance. */
    RELATIVE_REDUCTION_SMALL(true),
    MAX_ITERATIONS(false),
    MAX_EVALUATIONS(false),
    /** The cancel flag returned true. */
    CANCELLED(false),
    /** The line search could not find an acceptable step even from a steepest-descent restart. */
    LINE_SEARCH_FAILED(false),
    /** Non-finite objective value or gradient, or an unrecoverable numerical breakdown. */
    ABNORMAL(false);

    private final boolean convergence;

    StopReason(boolean convergence) { this.convergence = convergence; }

    /** True for the two convergence criteria. */
    public boolean isConvergence() { return convergence; }
}

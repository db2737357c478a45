package org.galaxyparams.fit.lbfgsb;

/** Why {@link Lbfgsb#minimize} stopped. */
public enum StopReason {
    /** Infinity norm of the projected gradient fell to the pgtol tolerance. */
    PROJECTED_GRADIENT_SMALL(true, "converged (gradient small)"),
    /** Relative reduction of f over the last iteration fell to the factr-style tolerance. */
    RELATIVE_REDUCTION_SMALL(true, "converged (likelihood no longer improving)"),
    MAX_ITERATIONS(false, "stopped at the iteration limit"),
    MAX_EVALUATIONS(false, "stopped at the evaluation limit"),
    /** The cancel flag returned true. */
    CANCELLED(false, "cancelled"),
    /** The line search could not find an acceptable step even from a steepest-descent restart. */
    LINE_SEARCH_FAILED(false, "stopped: no step along the search direction improved the likelihood"),
    /** Non-finite objective value or gradient, or an unrecoverable numerical breakdown. */
    ABNORMAL(false, "stopped: the likelihood or its gradient was not finite");

    private final boolean convergence;
    private final String words;

    StopReason(boolean convergence, String words) {
        this.convergence = convergence;
        this.words = words;
    }

    /** The reason in words, for result rows and messages. */
    public String words() { return words; }

    /** True for the two convergence criteria. */
    public boolean isConvergence() { return convergence; }
}

package org.galaxyparams.fit.lbfgsb;

/** A smooth function to minimize, evaluated together with its gradient. */
@FunctionalInterface
public interface Objective {
    /**
     * Returns f(x) and writes every component of the gradient at x into {@code gradientOut}
     * (same length as x). The optimizer passes a private copy of x, so the objective may not keep it.
     * Unwritten gradient components are detected (they are pre-filled with NaN) and stop the run as ABNORMAL.
     */
    double valueAndGradient(double[] x, double[] gradientOut);
}

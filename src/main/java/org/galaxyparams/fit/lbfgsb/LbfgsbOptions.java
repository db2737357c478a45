package org.galaxyparams.fit.lbfgsb;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Settings for {@link Lbfgsb}. Start from {@link #defaults()} and adjust with the {@code with...} methods.
 *
 * @param memory                     number of correction pairs kept (m), default 10
 * @param projectedGradientTolerance pgtol: stop when the infinity norm of the projected gradient is <= pgtol, default 1e-5
 * @param relativeReductionTolerance stop when (f_k - f_k+1) / max(|f_k|, |f_k+1|, 1) <= this, default 1e7 * machine eps
 *                                   (the Fortran code's factr = 1e7); 0 disables it except for zero progress
 * @param maxIterations              maximum number of iterations (line searches), default 1000
 * @param maxEvaluations             maximum number of objective evaluations, default 15000
 * @param cancel                     checked once per iteration; returning true stops the run with CANCELLED
 */
public record LbfgsbOptions(int memory, double projectedGradientTolerance, double relativeReductionTolerance,
                            int maxIterations, int maxEvaluations, BooleanSupplier cancel) {

    /** Machine epsilon for doubles (2^-52). */
    public static final double MACHINE_EPSILON = Math.ulp(1.0);

    private static final BooleanSupplier NEVER = () -> false;

    public LbfgsbOptions {
        if (memory < 1) throw new IllegalArgumentException("memory must be >= 1, got " + memory);
        if (!(projectedGradientTolerance >= 0))
            throw new IllegalArgumentException("projectedGradientTolerance must be >= 0, got " + projectedGradientTolerance);
        if (!(relativeReductionTolerance >= 0))
            throw new IllegalArgumentException("relativeReductionTolerance must be >= 0, got " + relativeReductionTolerance);
        if (maxIterations < 0) throw new IllegalArgumentException("maxIterations must be >= 0, got " + maxIterations);
        if (maxEvaluations < 1) throw new IllegalArgumentException("maxEvaluations must be >= 1, got " + maxEvaluations);
        Objects.requireNonNull(cancel, "cancel flag must not be null (use () -> false)");
    }

    public static LbfgsbOptions defaults() {
        return new LbfgsbOptions(10, 1e-5, 1e7 * MACHINE_EPSILON, 1000, 15000, NEVER);
    }

    public LbfgsbOptions withMemory(int m) {
        return new LbfgsbOptions(m, projectedGradientTolerance, relativeReductionTolerance, maxIterations, maxEvaluations, cancel);
    }

    public LbfgsbOptions withProjectedGradientTolerance(double pgtol) {
        return new LbfgsbOptions(memory, pgtol, relativeReductionTolerance, maxIterations, maxEvaluations, cancel);
    }

    public LbfgsbOptions withRelativeReductionTolerance(double tol) {
        return new LbfgsbOptions(memory, projectedGradientTolerance, tol, maxIterations, maxEvaluations, cancel);
    }

    /** Same as the Fortran code's factr: the relative reduction tolerance becomes factr * machine eps. */
    public LbfgsbOptions withFactr(double factr) {
        return withRelativeReductionTolerance(factr * MACHINE_EPSILON);
    }

    public LbfgsbOptions withMaxIterations(int n) {
        return new LbfgsbOptions(memory, projectedGradientTolerance, relativeReductionTolerance, n, maxEvaluations, cancel);
    }

    public LbfgsbOptions withMaxEvaluations(int n) {
        return new LbfgsbOptions(memory, projectedGradientTolerance, relativeReductionTolerance, maxIterations, n, cancel);
    }

    public LbfgsbOptions withCancel(BooleanSupplier flag) {
        return new LbfgsbOptions(memory, projectedGradientTolerance, relativeReductionTolerance, maxIterations, maxEvaluations, flag);
    }
}

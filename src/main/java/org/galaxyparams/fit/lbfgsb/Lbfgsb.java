package org.galaxyparams.fit.lbfgsb;

import static org.galaxyparams.fit.lbfgsb.DenseAlgebra.dot;

import java.util.Arrays;
import java.util.Objects;

/**
 * L-BFGS-B: limited-memory quasi-Newton minimization subject to simple bounds l <= x <= u
 * (Byrd, Lu, Nocedal, Zhu 1995; structure of the L-BFGS-B 3.0 Fortran code, Zhu, Byrd, Lu, Nocedal, Morales 2011).
 * Each iteration computes the generalized Cauchy point of the quadratic model, minimizes the model over the
 * variables still free there, and runs a Moré–Thuente line search along the resulting feasible direction.
 */
public final class Lbfgsb {
    /** Line-search constants of the Fortran code. */
    static final double FTOL = 1e-3, GTOL = 0.9, XTOL = 0.1;
    /** Evaluations allowed in one line search before it counts as failed. */
    static final int MAX_LINE_SEARCH_EVALUATIONS = 20;
    /** Step cap when no bound limits the step. */
    private static final double BIG_STEP = 1e10;

    private Lbfgsb() {}

    /** Minimizes with {@link LbfgsbOptions#defaults()}. */
    public static LbfgsbResult minimize(Objective f, double[] x0, double[] lower, double[] upper) {
        return minimize(f, x0, lower, upper, LbfgsbOptions.defaults());
    }

    /**
     * Minimizes f over the box lower <= x <= upper, starting from x0 (projected onto the box first).
     * Bounds may be infinite; a null bound array means unbounded on that side for every variable.
     * Non-finite objective values or gradients stop the run with {@link StopReason#ABNORMAL}, returning the best
     * point so far. Exceptions thrown by the objective propagate.
     *
     * @throws IllegalArgumentException if lengths differ, x0 has a NaN, a bound is NaN, or lower[i] > upper[i]
     */
    public static LbfgsbResult minimize(Objective f, double[] x0, double[] lower, double[] upper, LbfgsbOptions opts) {
        Objects.requireNonNull(f, "objective must not be null");
        Objects.requireNonNull(x0, "x0 must not be null");
        Objects.requireNonNull(opts, "options must not be null");
        if (x0.length == 0) throw new IllegalArgumentException("x0 must have at least one component");
        for (int i = 0; i < x0.length; i++)
            if (Double.isNaN(x0[i])) throw new IllegalArgumentException("x0[" + i + "] is NaN");
        Box box = Box.of(x0.length, lower, upper);
        return new Run(f, box, opts).minimize(x0);
    }

    /** State of one minimization. */
    private static final class Run {
        private final Objective objective;
        private final Box box;
        private final LbfgsbOptions opts;
        private final int n;
        private final LimitedMemoryBfgs memory;
        private final MoreThuenteLineSearch lineSearch = new MoreThuenteLineSearch(FTOL, GTOL, XTOL);

        private double[] x;
        private double[] g;
        private double f;
        private int iterations, evaluations, restarts, skippedUpdates;
        private String nonFiniteMessage;

        Run(Objective objective, Box box, LbfgsbOptions opts) {
            this.objective = objective;
            this.box = box;
            this.opts = opts;
            this.n = box.dimension();
            this.memory = new LimitedMemoryBfgs(n, opts.memory());
        }

        LbfgsbResult minimize(double[] x0) {
            x = x0.clone();
            box.project(x);
            g = new double[n];
            f = evaluate(x, g);
            if (nonFiniteMessage != null) return stop(StopReason.ABNORMAL, nonFiniteMessage + " at the (projected) start point");
            if (box.projectedGradientNorm(x, g) <= opts.projectedGradientTolerance())
                return stop(StopReason.PROJECTED_GRADIENT_SMALL, "start point already satisfies pgtol");

            while (true) {
                if (opts.cancel().getAsBoolean()) return stop(StopReason.CANCELLED, "cancelled by the caller");
                if (iterations >= opts.maxIterations()) return stop(StopReason.MAX_ITERATIONS, "iteration limit reached");
                if (evaluations >= opts.maxEvaluations()) return stop(StopReason.MAX_EVALUATIONS, "evaluation limit reached");

                double[] target = searchTarget();
                if (target == null) {
                    if (restartMemory()) continue;
                    return stop(StopReason.ABNORMAL, "numerical breakdown computing the search direction");
                }
                double[] d = new double[n];
                for (int i = 0; i < n; i++) d[i] = target[i] - x[i];
                double slope = dot(g, d);
                if (!(slope < 0)) {
                    // not a descent direction: drop the curvature pairs and retry with steepest descent
                    if (restartMemory()) continue;
                    return stop(StopReason.LINE_SEARCH_FAILED,
                            "projected steepest-descent direction is not a descent direction (g.d = " + slope + ")");
                }

                Step step = searchLine(d, target, slope);
                switch (step.outcome) {
                    case ACCEPTED -> {
                        double fOld = f;
                        double[] s = new double[n], y = new double[n];
                        for (int i = 0; i < n; i++) {
                            s[i] = step.x[i] - x[i];
                            y[i] = step.g[i] - g[i];
                        }
                        x = step.x;
                        g = step.g;
                        f = step.f;
                        iterations++;
                        double pg = box.projectedGradientNorm(x, g);
                        if (pg <= opts.projectedGradientTolerance())
                            return stop(StopReason.PROJECTED_GRADIENT_SMALL, "projected gradient norm " + pg + " <= pgtol");
                        double scale = Math.max(Math.max(Math.abs(fOld), Math.abs(f)), 1.0);
                        if (fOld - f <= opts.relativeReductionTolerance() * scale)
                            return stop(StopReason.RELATIVE_REDUCTION_SMALL,
                                    "relative reduction " + (fOld - f) / scale + " <= " + opts.relativeReductionTolerance());
                        LimitedMemoryBfgs.Update u = memory.update(s, y);
                        if (u == LimitedMemoryBfgs.Update.SKIPPED_CURVATURE) skippedUpdates++;
                        if (u == LimitedMemoryBfgs.Update.RESET_SINGULAR) restarts++;
                    }
                    case NO_PROGRESS -> {
                        // f cannot be lowered along d at rounding level: retry once from steepest descent,
                        // otherwise this is a zero relative reduction (the Fortran code stops the same way)
                        if (restartMemory()) continue;
                        return stop(StopReason.RELATIVE_REDUCTION_SMALL,
                                "line search found no lower f (" + step.detail + "): zero relative reduction");
                    }
                    case FAILED -> {
                        if (restartMemory()) continue;
                        keepIfBetter(step);
                        return stop(StopReason.LINE_SEARCH_FAILED,
                                "line search failed along the projected steepest-descent direction (" + step.detail
                                        + "); either pgtol is below what the rounding noise of f allows, or the "
                                        + "gradient is inconsistent with f");
                    }
                    case NON_FINITE -> {
                        keepIfBetter(step);
                        return stop(StopReason.ABNORMAL, nonFiniteMessage + " at a line-search trial point (iteration "
                                + (iterations + 1) + ", step " + step.detail + "); returning the best point so far");
                    }
                    case OUT_OF_EVALUATIONS -> {
                        keepIfBetter(step);
                        return stop(StopReason.MAX_EVALUATIONS, "evaluation limit reached during a line search");
                    }
                }
            }
        }

        /** x-bar = subspace minimizer started from the generalized Cauchy point; null on numerical breakdown. */
        private double[] searchTarget() {
            CauchyPoint cauchy = !box.constrained && memory.pairs() > 0
                    ? CauchyPoint.atCurrentPoint(x, box, memory)
                    : CauchyPoint.compute(x, g, box, memory);
            if (cauchy == null) return null;
            return SubspaceMinimization.target(x, g, cauchy, box, memory);
        }

        /** Moves to the best trial point of an unfinished line search if it lowered f. */
        private void keepIfBetter(Step step) {
            if (step.x != null && step.f < f) {
                x = step.x;
                g = step.g;
                f = step.f;
            }
        }

        /** Drops the BFGS memory; false if it was already empty (a restart would change nothing). */
        private boolean restartMemory() {
            if (memory.pairs() == 0) return false;
            memory.reset();
            restarts++;
            return true;
        }

        /** ACCEPTED: step found; NO_PROGRESS: the search converged on no decrease of f; FAILED: too many trials. */
        private enum Outcome { ACCEPTED, NO_PROGRESS, FAILED, NON_FINITE, OUT_OF_EVALUATIONS }

        private record Step(Outcome outcome, double[] x, double[] g, double f, String detail) {}

        /** Line search from x along d (x + d = target is feasible), satisfying strong Wolfe where possible. */
        private Step searchLine(double[] d, double[] target, double slope0) {
            boolean first = iterations == 0;
            double stpMax = first ? 1.0 : Math.min(BIG_STEP, box.maxFeasibleStep(x, d));
            double stp = first && !box.fullyBoxed ? Math.min(1 / Math.sqrt(dot(d, d)), stpMax) : Math.min(1.0, stpMax);
            if (!(stp > 0)) return new Step(Outcome.FAILED, null, null, 0, "no feasible step");
            lineSearch.start(f, slope0, stp, 0, stpMax);
            double[] bestX = null, bestG = null;
            double bestF = f;
            for (int trial = 1; ; trial++) {
                if (evaluations >= opts.maxEvaluations())
                    return new Step(Outcome.OUT_OF_EVALUATIONS, bestX, bestG, bestF, "");
                double[] xt = new double[n], gt = new double[n];
                for (int i = 0; i < n; i++) xt[i] = stp == 1 ? target[i] : box.clamp(i, x[i] + stp * d[i]);
                double ft = evaluate(xt, gt);
                if (nonFiniteMessage != null) return new Step(Outcome.NON_FINITE, bestX, bestG, bestF, Double.toString(stp));
                if (ft < bestF) {
                    bestX = xt; bestG = gt; bestF = ft;
                }
                MoreThuenteLineSearch.Status status = lineSearch.observe(ft, dot(gt, d));
                if (status == MoreThuenteLineSearch.Status.CONVERGED) return new Step(Outcome.ACCEPTED, xt, gt, ft, "");
                if (status == MoreThuenteLineSearch.Status.WARNING) {
                    // the Fortran code accepts the warned step whatever its value; accept the best trial instead,
                    // and only if it lowered f
                    if (bestX != null) return new Step(Outcome.ACCEPTED, bestX, bestG, bestF, "");
                    return new Step(Outcome.NO_PROGRESS, null, null, 0, lineSearch.warning());
                }
                if (trial >= MAX_LINE_SEARCH_EVALUATIONS)
                    return new Step(Outcome.FAILED, bestX, bestG, bestF, trial + " evaluations without an acceptable step");
                stp = lineSearch.step();
            }
        }

        /** Calls the objective on a copy of xv; sets nonFiniteMessage if the value or gradient is not finite. */
        private double evaluate(double[] xv, double[] gOut) {
            Arrays.fill(gOut, Double.NaN);
            evaluations++;
            double value = objective.valueAndGradient(xv.clone(), gOut);
            if (!Double.isFinite(value)) {
                nonFiniteMessage = "objective value is " + value;
            } else {
                for (int i = 0; i < n; i++)
                    if (!Double.isFinite(gOut[i])) {
                        nonFiniteMessage = "gradient component " + i + " is " + gOut[i]
                                + (Double.isNaN(gOut[i]) ? " (NaN or not written by the objective)" : "");
                        break;
                    }
            }
            return value;
        }

        private LbfgsbResult stop(StopReason reason, String message) {
            double pg = box.projectedGradientNorm(x, g);
            String detail = message + " (" + restarts + " memory restarts, " + skippedUpdates + " skipped updates)";
            return new LbfgsbResult(x.clone(), f, pg, iterations, evaluations, reason, detail);
        }
    }
}

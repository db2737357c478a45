package org.galaxyparams.fit.lbfgsb;

/**
 * Moré–Thuente line search (ACM TOMS 20, 1994) for phi(stp) = f(x + stp d): finds a step satisfying the strong
 * Wolfe conditions phi(stp) <= phi(0) + ftol stp phi'(0) and |phi'(stp)| <= gtol |phi'(0)| within
 * [stpMin, stpMax], keeping an interval of uncertainty and choosing trial steps by safeguarded cubic and
 * quadratic interpolation. Driven by the caller: {@link #start}, then evaluate at {@link #step()} and report with
 * {@link #observe} until it returns something other than {@link Status#CONTINUE}.
 */
final class MoreThuenteLineSearch {
    enum Status {
        /** Evaluate phi at {@link #step()} and call observe again. */
        CONTINUE,
        /** The strong Wolfe conditions hold at the last observed step. */
        CONVERGED,
        /** No further progress is possible (step at stpMax/stpMin, interval below xtol, or rounding); see warning(). */
        WARNING
    }

    private static final double EXTRAPOLATE_LOW = 1.1;
    private static final double EXTRAPOLATE_HIGH = 4.0;
    private static final double BISECT_IF_SHRINK_BELOW = 0.66;

    private final double ftol, gtol, xtol;

    private double stp, stpMin, stpMax;
    private double f0, g0, gTest;
    private boolean bracketed, firstStage;
    private double width, widthBefore;
    // endpoints of the interval of uncertainty: stx is the best step so far, sty the other end
    private double stx, fx, gx, sty, fy, gy;
    private double lowLimit, highLimit;
    private String warning = "";

    MoreThuenteLineSearch(double ftol, double gtol, double xtol) {
        this.ftol = ftol;
        this.gtol = gtol;
        this.xtol = xtol;
    }

    /** Starts a search from phi(0) = f0 with slope g0 < 0, first trial step stp in [stpMin, stpMax]. */
    void start(double f0, double g0, double stp, double stpMin, double stpMax) {
        if (!(g0 < 0)) throw new IllegalArgumentException("initial slope must be negative, got " + g0);
        if (!(stp >= stpMin && stp <= stpMax && stpMin >= 0))
            throw new IllegalArgumentException("need 0 <= stpMin <= stp <= stpMax, got " + stpMin + ", " + stp + ", " + stpMax);
        this.stp = stp;
        this.stpMin = stpMin;
        this.stpMax = stpMax;
        this.f0 = f0;
        this.g0 = g0;
        this.gTest = ftol * g0;
        bracketed = false;
        firstStage = true;
        width = stpMax - stpMin;
        widthBefore = 2 * width;
        stx = 0; fx = f0; gx = g0;
        sty = 0; fy = f0; gy = g0;
        lowLimit = 0;
        highLimit = stp + EXTRAPOLATE_HIGH * stp;
        warning = "";
    }

    /** Current trial step. */
    double step() { return stp; }

    /** Why the last observe returned WARNING. */
    String warning() { return warning; }

    /** Reports phi(step()) = f and phi'(step()) = g; returns the status and, if CONTINUE, sets the next step. */
    Status observe(double f, double g) {
        double fTest = f0 + stp * gTest; // sufficient-decrease line
        if (firstStage && f <= fTest && g >= Math.min(ftol, gtol) * g0) firstStage = false;

        // convergence takes precedence over the warnings; among these, the later ones take precedence
        if (f <= fTest && Math.abs(g) <= gtol * -g0) return Status.CONVERGED;
        if (stp == stpMin && (f > fTest || g >= gTest)) return warn("step is at stpMin");
        if (stp == stpMax && f <= fTest && g <= gTest) return warn("step is at stpMax");
        if (bracketed && highLimit - lowLimit <= xtol * highLimit) return warn("interval of uncertainty below xtol");
        if (bracketed && (stp <= lowLimit || stp >= highLimit)) return warn("rounding errors prevent progress");

        if (firstStage && f <= fx && f > fTest) {
            // work with the modified function psi(stp) = phi(stp) - phi(0) - ftol stp phi'(0) until
            // a step with psi <= 0 and phi' >= 0 is found (Moré–Thuente section 3)
            double fxm = fx - stx * gTest, fym = fy - sty * gTest, fm = f - stp * gTest;
            double gxm = gx - gTest, gym = gy - gTest, gm = g - gTest;
            double[] state = {fxm, gxm, fym, gym};
            safeguardedStep(state, fm, gm);
            fx = state[0] + stx * gTest;
            gx = state[1] + gTest;
            fy = state[2] + sty * gTest;
            gy = state[3] + gTest;
        } else {
            double[] state = {fx, gx, fy, gy};
            safeguardedStep(state, f, g);
            fx = state[0]; gx = state[1]; fy = state[2]; gy = state[3];
        }

        if (bracketed) {
            // force sufficient shrinkage of the interval, bisecting if needed
            if (Math.abs(sty - stx) >= BISECT_IF_SHRINK_BELOW * widthBefore) stp = stx + 0.5 * (sty - stx);
            widthBefore = width;
            width = Math.abs(sty - stx);
            lowLimit = Math.min(stx, sty);
            highLimit = Math.max(stx, sty);
        } else {
            lowLimit = stp + EXTRAPOLATE_LOW * (stp - stx);
            highLimit = stp + EXTRAPOLATE_HIGH * (stp - stx);
        }
        stp = Math.max(stpMin, Math.min(stpMax, stp));
        // if no further progress is possible, let the best step so far be the next (and last) trial
        if (bracketed && (stp <= lowLimit || stp >= highLimit || highLimit - lowLimit <= xtol * highLimit)) stp = stx;
        return Status.CONTINUE;
    }

    private Status warn(String why) {
        warning = why;
        return Status.WARNING;
    }

    /**
     * One safeguarded step (Moré–Thuente section 4): given the interval end values (fx, gx) at stx and (fy, gy) at
     * sty, and the new trial (fp, gp) at stp, updates the interval and sets stp to the next trial step.
     * state = {fx, gx, fy, gy} is updated in place.
     */
    private void safeguardedStep(double[] state, double fp, double gp) {
        double fxv = state[0], gxv = state[1], fyv = state[2], gyv = state[3];
        double sameSign = gp * Math.signum(gxv);
        double next;
        if (fp > fxv) {
            // case 1: higher value, the minimizer is bracketed between stx and stp
            double cubic = cubicMinimizer(stx, fxv, gxv, stp, fp, gp);
            double quad = stx + (gxv / ((fxv - fp) / (stp - stx) + gxv)) / 2 * (stp - stx);
            next = Math.abs(cubic - stx) < Math.abs(quad - stx) ? cubic : cubic + (quad - cubic) / 2;
            bracketed = true;
        } else if (sameSign < 0) {
            // case 2: lower value, derivatives of opposite sign: bracketed between stx and stp
            double cubic = cubicMinimizer(stp, fp, gp, stx, fxv, gxv);
            double secant = stp + gp / (gp - gxv) * (stx - stp);
            next = Math.abs(cubic - stp) > Math.abs(secant - stp) ? cubic : secant;
            bracketed = true;
        } else if (Math.abs(gp) < Math.abs(gxv)) {
            // case 3: lower value, same-sign derivative decreasing in magnitude
            double cubic = cubicMinimizerOrLimit(stp, fp, gp, stx, fxv, gxv);
            double secant = stp + gp / (gp - gxv) * (stx - stp);
            if (bracketed) {
                next = Math.abs(cubic - stp) < Math.abs(secant - stp) ? cubic : secant;
                double cap = stp + BISECT_IF_SHRINK_BELOW * (sty - stp);
                next = stp > stx ? Math.min(cap, next) : Math.max(cap, next);
            } else {
                next = Math.abs(cubic - stp) > Math.abs(secant - stp) ? cubic : secant;
                next = Math.max(lowLimit, Math.min(highLimit, next));
            }
        } else {
            // case 4: lower value, derivative not decreasing in magnitude
            if (bracketed) next = cubicMinimizer(stp, fp, gp, sty, fyv, gyv);
            else next = stp > stx ? highLimit : lowLimit;
        }
        // update the interval of uncertainty
        if (fp > fxv) {
            sty = stp; fyv = fp; gyv = gp;
        } else {
            if (sameSign < 0) {
                sty = stx; fyv = fxv; gyv = gxv;
            }
            stx = stp; fxv = fp; gxv = gp;
        }
        state[0] = fxv; state[1] = gxv; state[2] = fyv; state[3] = gyv;
        stp = next;
    }

    /** Minimizer of the cubic interpolating (a, fa, ga) and (b, fb, gb). */
    private static double cubicMinimizer(double a, double fa, double ga, double b, double fb, double gb) {
        double t = 3 * (fa - fb) / (b - a) + ga + gb;
        double scale = Math.max(Math.abs(t), Math.max(Math.abs(ga), Math.abs(gb)));
        double disc = (t / scale) * (t / scale) - (ga / scale) * (gb / scale);
        double gamma = scale * Math.sqrt(Math.max(0, disc));
        if (b < a) gamma = -gamma;
        double num = (gamma - ga) + t;
        double den = ((gamma - ga) + gamma) + gb;
        return a + num / den * (b - a);
    }

    /**
     * Case-3 cubic step from the trial point a = stp towards b = stx: the cubic minimizer if the cubic has one
     * beyond a in the direction away from b, otherwise the extrapolation limit in that direction.
     */
    private double cubicMinimizerOrLimit(double a, double fa, double ga, double b, double fb, double gb) {
        double t = 3 * (fb - fa) / (a - b) + gb + ga;
        double scale = Math.max(Math.abs(t), Math.max(Math.abs(ga), Math.abs(gb)));
        double gamma = scale * Math.sqrt(Math.max(0, (t / scale) * (t / scale) - (gb / scale) * (ga / scale)));
        if (a > b) gamma = -gamma;
        double num = (gamma - ga) + t;
        double den = (gamma + (gb - ga)) + gamma;
        double ratio = num / den;
        if (ratio < 0 && gamma != 0) return a + ratio * (b - a);
        return a > b ? highLimit : lowLimit;
    }
}

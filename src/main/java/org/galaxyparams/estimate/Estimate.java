package org.galaxyparams.estimate;

import org.galaxyparams.fit.FitResult;
import org.galaxyparams.sim.GalaxyParams;

/**
 * The answer for one stamp: the network's estimate, the denoised stamp when a denoiser ran, the
 * maximum-likelihood refinement when asked for, and any warning. {@code params} is null when the stamp
 * was refused, and {@code message} says why.
 *
 * @param seconds wall time per stamp (the batch's time shared equally), refinement included
 */
public record Estimate(String id, GalaxyParams params, float[] denoised, FitResult refined, double seconds,
                       String message) {
    public boolean ok() { return params != null; }

    /** The refined estimate when there is one, else the network's. */
    public GalaxyParams best() { return refined != null ? refined.estimate() : params; }

    static Estimate refused(String id, String why) { return new Estimate(id, null, null, null, 0, why); }
}

package org.galaxyparams.posterior;

import org.galaxyparams.sim.GalaxyParams;

/**
 * A posterior over (flux, sersic_n, hlr, g1, g2), summarised per label (original units, label order).
 *
 * @param mean posterior mean (the estimate that minimises the expected squared error)
 * @param std posterior standard deviation
 * @param p16 16th percentile
 * @param p84 84th percentile
 * @param ess effective sample size of the importance weights, (sum w)² / sum w²
 * @param draws proposal draws made
 * @param message "" when the sample is sound, else what is wrong (low ESS, nothing consistent with the prior)
 */
public record PosteriorSummary(double[] mean, double[] std, double[] p16, double[] p84, double ess, int draws, String message) {
    public GalaxyParams estimate() { return GalaxyParams.of(mean); }

    /** Whether the summary carries numbers. */
    public boolean ok() { return mean != null; }
}

package org.galaxyparams.estimate;

import org.galaxyparams.fit.FitResult;
import org.galaxyparams.posterior.PosteriorSummary;
import org.galaxyparams.sim.GalaxyParams;

/**
 * The answer for one stamp: the network's estimate, the denoised stamp when a denoiser ran, the
 * maximum-likelihood refinement when asked for, and any warning. {@code params} is null when the stamp
 * was refused, and {@code message} says why.
 *
 * @param params the network's answer as it came out (null when the stamp was refused)
 * @param seconds wall time per stamp (the batch's time shared equally), refinement included
 * @param rejected why the network's answer is not a galaxy (outside its prior), or null: such an answer is
 *                 never reported as an estimate, only kept for evaluation statistics
 * @param spread the network's predicted standard deviations in label order (original units), or null when the
 *               regressor has no spread head
 * @param posterior the posterior around the refinement when asked for, or null
 * @param model the networks that made this estimate (name@hash) when they differ from stamp to stamp (see
 *              {@link ConditionRoutedEstimator}), else null: the estimator's {@link ParameterEstimator#provenance()}
 */
public record Estimate(String id, GalaxyParams params, float[] denoised, FitResult refined, double seconds,
                       String message, String rejected, double[] spread, PosteriorSummary posterior, String model) {
    public Estimate(String id, GalaxyParams params, float[] denoised, FitResult refined, double seconds, String message) {
        this(id, params, denoised, refined, seconds, message, null, null, null, null);
    }

    public Estimate(String id, GalaxyParams params, float[] denoised, FitResult refined, double seconds,
                    String message, String rejected, double[] spread, PosteriorSummary posterior) {
        this(id, params, denoised, refined, seconds, message, rejected, spread, posterior, null);
    }

    /** The same estimate, credited to {@code model}. */
    public Estimate withModel(String model) {
        return new Estimate(id, params, denoised, refined, seconds, message, rejected, spread, posterior, model);
    }

    /** The networks behind this row: its own {@link #model} when set, else the estimator's {@code provenance}. */
    public String model(String provenance) { return model != null ? model : provenance; }

    /**
     * Standard errors of {@link #best()} in label order: the refinement's Cramer-Rao errors when it ran, else the
     * network's predicted spread; null when there are none.
     */
    public double[] errors() {
        if (posterior != null && posterior.ok()) return posterior.std();
        if (refined != null) return refined.errors();
        return rejected == null ? spread : null;
    }

    /** Whether the row carries an estimate: the refinement's, or the network's when it was not rejected. */
    public boolean ok() { return best() != null; }

    /** The posterior mean when sampled, else the refined estimate when there is one, else the network's unless rejected, else null. */
    public GalaxyParams best() {
        if (posterior != null && posterior.ok()) return posterior.estimate();
        if (refined != null) return refined.estimate();
        return rejected == null ? params : null;
    }

    public static Estimate refused(String id, String why) { return new Estimate(id, null, null, null, 0, why); }
}

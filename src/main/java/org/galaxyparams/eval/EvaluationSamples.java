package org.galaxyparams.eval;

/**
 * Every stamp of one evaluation set: its true parameters, the estimator's answer and, when the estimator gives them,
 * the standard errors (label order: flux counts, sersic_n, hlr arcsec, g1, g2), and the stamp's SNR.
 *
 * @param errors per-stamp standard errors, or null when the estimator gives none
 */
public record EvaluationSamples(String set, double[][] truth, double[][] estimate, double[] snr, double[][] errors) {
    public int count() { return truth.length; }

    public LabelStatistics statistics() {
        LabelStatistics s = new LabelStatistics();
        for (int i = 0; i < truth.length; i++) s.add(estimate[i], truth[i]);
        return s;
    }

    /** Fraction of stamps whose error |estimate - truth| is within {@code k} standard errors, per label. */
    public double[] coverage(double k) {
        double[] f = new double[5];
        if (errors == null) return null;
        for (int i = 0; i < truth.length; i++)
            for (int l = 0; l < 5; l++) if (Math.abs(estimate[i][l] - truth[i][l]) <= k * errors[i][l]) f[l]++;
        for (int l = 0; l < 5; l++) f[l] /= truth.length;
        return f;
    }
}

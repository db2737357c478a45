package org.galaxyparams.net;

import org.galaxyparams.sim.GalaxyParams;

/**
 * Linear map of each label between [min, max] (original units) and [-1, 1], the regressor's output space.
 * Label order: flux, sersic_n, hlr, g1, g2.
 */
public record LabelScaling(double[] min, double[] max) {
    /** Equal when the ranges are (a record of arrays would compare the arrays' identities). */
    @Override
    public boolean equals(Object o) {
        return o instanceof LabelScaling l && java.util.Arrays.equals(min, l.min) && java.util.Arrays.equals(max, l.max);
    }

    @Override
    public int hashCode() { return 31 * java.util.Arrays.hashCode(min) + java.util.Arrays.hashCode(max); }

    /** The bounds of the study's priors (SPEC section 2): flux 3e4..4e5, n 0.5..6, hlr 0.1..0.6 arcsec, |g| <= 0.67. */
    public static final LabelScaling STUDY_PRIOR = new LabelScaling(
            new double[] {0.3e5, 0.5, 0.1, -0.67, -0.67}, new double[] {4e5, 6.0, 0.6, 0.67, 0.67});

    /** Range of a spread head's log-deviations (scaled units); training and inference clip to it alike. */
    public static final float LOG_SPREAD_MIN = -9f, LOG_SPREAD_MAX = 2f;

    public LabelScaling {
        if (min.length != 5 || max.length != 5) throw new IllegalArgumentException("5 label bounds expected");
        for (int i = 0; i < 5; i++)
            if (!(max[i] > min[i])) throw new IllegalArgumentException("Label bound " + i + " has max <= min");
    }

    public float[] scale(GalaxyParams p) {
        double[] v = p.toArray();
        float[] out = new float[5];
        for (int i = 0; i < 5; i++) out[i] = (float) (2 * (v[i] - min[i]) / (max[i] - min[i]) - 1);
        return out;
    }

    /** Original units from scaled outputs (no clipping: the network may answer outside the prior). */
    public double[] unscale(float[] scaled, int offset) {
        double[] out = new double[5];
        for (int i = 0; i < 5; i++) out[i] = min[i] + (scaled[offset + i] + 1) * 0.5 * (max[i] - min[i]);
        return out;
    }

    /**
     * Standard deviations in original units from a spread head's outputs, which are log-deviations in scaled units
     * (the scale maps the half range to 1).
     */
    public double[] unscaleSpread(float[] logSpread, int offset) {
        double[] out = new double[5];
        for (int i = 0; i < 5; i++) out[i] = Math.exp(Math.max(LOG_SPREAD_MIN, Math.min(LOG_SPREAD_MAX, logSpread[offset + i]))) * 0.5 * (max[i] - min[i]);
        return out;
    }
}

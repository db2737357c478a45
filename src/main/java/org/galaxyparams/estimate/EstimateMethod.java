package org.galaxyparams.estimate;

import java.util.Locale;

/** How an estimate is made: the network alone, refined by maximum likelihood, or the posterior around that fit. */
public enum EstimateMethod {
    /** The regressor's answer (errors only from a spread head). */
    NETWORK("network"),
    /** Maximum-likelihood fit started at the network's answer; Cramer-Rao errors. */
    ML("ml"),
    /** Posterior mean and standard deviation under the model card's prior, sampled around the maximum-likelihood fit. */
    POSTERIOR("posterior");

    private final String id;

    EstimateMethod(String id) { this.id = id; }

    public String id() { return id; }

    public boolean fits() { return this != NETWORK; }

    public static EstimateMethod parse(String s) {
        String v = s == null || s.isBlank() ? "network" : s.trim().toLowerCase(Locale.ROOT);
        for (EstimateMethod m : values()) if (m.id.equals(v)) return m;
        if (v.equals("refine") || v.equals("network+ml")) return ML;
        throw new IllegalArgumentException("method '" + s + "': use network, ml or posterior");
    }

    public static String[] ids() { return new String[] {"network", "ml", "posterior"}; }
}

package org.galaxyparams.train;

import java.util.Arrays;
import java.util.Locale;
import org.galaxyparams.sim.GalaxyParams;

/**
 * Weights of the five labels in a regressor's L2 loss (and in the validation loss that picks the best checkpoint).
 *
 * <p>Why: with labels scaled to [−1, 1] over the prior, the plain loss weighs each label by its error relative to its
 * prior range. Flux is by far the best determined label (dataset 3: RMSE 3 % of its range, n 18 %), so it holds under
 * 2 % of the loss and the network has almost no reason to improve it. Weighting label k by 1 / t<sub>k</sub>², with
 * t<sub>k</sub> the target RMSE as a fraction of the range, makes the loss Σ (error<sub>k</sub> / target<sub>k</sub>)²:
 * each label counts by how far it is from its target.
 */
public final class LabelWeights {
    /** The plain loss: every label weighs 1. */
    public static final LabelWeights EQUAL = new LabelWeights(new double[] {1, 1, 1, 1, 1});

    private final double[] w;

    private LabelWeights(double[] w) { this.w = w; }

    /** Weights in label order (flux, sersic_n, hlr, g1, g2); each finite and above 0. */
    public static LabelWeights of(double... weights) {
        if (weights.length != GalaxyParams.LABELS.length)
            throw new IllegalArgumentException("label weights: give " + GalaxyParams.LABELS.length + " (flux, sersic_n, hlr, g1, g2), not " + weights.length);
        for (int k = 0; k < weights.length; k++)
            if (!(weights[k] > 0) || !Double.isFinite(weights[k]))
                throw new IllegalArgumentException("label weight of " + GalaxyParams.LABELS[k] + " is " + weights[k] + ": give a finite value above 0");
        return new LabelWeights(weights.clone());
    }

    /**
     * Parses {@code "flux=46,hlr=2.7"} (labels not named weigh 1; names as in the CSV, {@code n} for sersic_n) or
     * five numbers {@code "46,1,2.7,5.2,5.2"}; null or blank for {@link #EQUAL}.
     */
    public static LabelWeights parse(String text) {
        if (text == null || text.isBlank()) return EQUAL;
        String[] parts = text.trim().split("\\s*,\\s*");
        double[] w = {1, 1, 1, 1, 1};
        if (!text.contains("=")) {
            if (parts.length != w.length)
                throw new IllegalArgumentException("label weights \"" + text + "\": give five numbers (flux, sersic_n, hlr, g1, g2) or name=value pairs such as flux=40");
            for (int k = 0; k < w.length; k++) w[k] = number(parts[k], GalaxyParams.LABELS[k]);
            return of(w);
        }
        for (String part : parts) {
            String[] kv = part.split("\\s*=\\s*", 2);
            if (kv.length != 2) throw new IllegalArgumentException("label weight \"" + part + "\": write name=value, e.g. flux=40");
            int k = index(kv[0].trim());
            w[k] = number(kv[1], GalaxyParams.LABELS[k]);
        }
        return of(w);
    }

    private static int index(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("n")) n = "sersic_n";
        for (int k = 0; k < GalaxyParams.LABELS.length; k++) if (GalaxyParams.LABELS[k].equals(n)) return k;
        throw new IllegalArgumentException("label weight for \"" + name + "\": the labels are " + String.join(", ", GalaxyParams.LABELS));
    }

    private static double number(String s, String label) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("label weight of " + label + " \"" + s + "\" is not a number");
        }
    }

    /** Weight of label k. */
    public double get(int k) { return w[k]; }

    /** Whether this is the plain loss. */
    public boolean isEqual() { return Arrays.equals(w, EQUAL.w); }

    public float[] toFloats() {
        float[] f = new float[w.length];
        for (int k = 0; k < w.length; k++) f[k] = (float) w[k];
        return f;
    }

    /** As the {@code --label-weights} option takes it: {@code flux=46,sersic_n=1,hlr=2.7,g1=5.2,g2=5.2}. */
    public String option() {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < w.length; k++) b.append(k == 0 ? "" : ",").append(GalaxyParams.LABELS[k]).append('=').append(format(w[k]));
        return b.toString();
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Double.toString(v);
    }

    @Override public boolean equals(Object o) { return o instanceof LabelWeights l && Arrays.equals(w, l.w); }
    @Override public int hashCode() { return Arrays.hashCode(w); }
    @Override public String toString() { return option(); }
}

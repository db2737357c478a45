package org.galaxyparams.train;

import ai.djl.training.tracker.Tracker;

/**
 * Learning rate: linear warm-up over {@code warmup} steps, then cosine decay from {@code base} to
 * {@code base * finalFraction} at {@code total}. Counts from the global step {@code offset}, so a resumed
 * run continues the schedule (DJL's optimizer restarts its own count at 1).
 */
record CosineSchedule(float base, float finalFraction, int total, int warmup, int offset) implements Tracker {
    /** The end of a cycle: 5 % of the peak rate. */
    static final float DEFAULT_FINAL_FRACTION = 0.05f;

    /** The schedule in words, for model cards. */
    static String describe(int warmup, float finalFraction, int total) {
        return "warm-up " + warmup + " steps, " + (finalFraction == 1f ? "then constant to step " + total
                : String.format(java.util.Locale.ROOT, "cosine to %s%% at step %d", percent(finalFraction), total));
    }

    private static String percent(float f) {
        java.math.BigDecimal p = new java.math.BigDecimal(Float.toString(f)).movePointRight(2).stripTrailingZeros();
        return p.toPlainString();
    }

    @Override
    public float getNewValue(int numUpdate) {
        int step = offset + numUpdate;
        if (step < warmup) return base * (step + 1) / warmup;
        double t = Math.min(1.0, (step - warmup) / (double) Math.max(1, total - warmup));
        double f = finalFraction + (1 - finalFraction) * 0.5 * (1 + Math.cos(Math.PI * t));
        return (float) (base * f);
    }
}

package org.galaxyparams.train;

import ai.djl.training.tracker.Tracker;

/**
 * Learning rate: linear warm-up over {@code warmup} steps, then cosine decay from {@code base} to
 * {@code base * finalFraction} at {@code total}. Counts from the global step {@code offset}, so a resumed
 * run continues the schedule (DJL's optimizer restarts its own count at 1).
 */
record CosineSchedule(float base, float finalFraction, int total, int warmup, int offset) implements Tracker {
    @Override
    public float getNewValue(int numUpdate) {
        int step = offset + numUpdate;
        if (step < warmup) return base * (step + 1) / warmup;
        double t = Math.min(1.0, (step - warmup) / (double) Math.max(1, total - warmup));
        double f = finalFraction + (1 - finalFraction) * 0.5 * (1 + Math.cos(Math.PI * t));
        return (float) (base * f);
    }
}

package org.galaxyparams.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.StampSymmetry;
import org.galaxyparams.sim.SimulationConfig;

/**
 * The training batches of a run, in order, reproducible from (seed, step): plain, one drawn image per sample;
 * or augmented, where each window of {@link #WINDOW} steps draws {@code batch} images and serves all eight
 * {@link StampSymmetry symmetries} of each, shuffled across the window (seeded by the window's index), so the
 * simulator draws an eighth of the images. Each batch carries the candidate a resumed run must restart from.
 */
final class BatchSource {
    /** Steps per augmented window: one per symmetry. */
    static final int WINDOW = StampSymmetry.values().length;

    /** A batch and where the stream resumes after it (plain: the next candidate; augmented: its window's start). */
    record Item(List<TrainingSample> samples, long resumeCandidate) {}

    private final SampleStream stream;
    private final java.util.function.Function<List<Sample>, List<TrainingSample>> prepare;
    private final int batch, size;
    private final boolean augment;
    private final long seed;
    private long step;
    private List<TrainingSample> window = List.of();
    private long windowStart, windowEnd;

    /**
     * @param resumeCandidate the state's next candidate (for an augmented run, the start of the window holding
     *                        {@code step})
     * @param step the first step this source serves
     */
    BatchSource(SimulationConfig config, int batch, boolean augment, long resumeCandidate, long step) {
        this(config, batch, augment, resumeCandidate, step, drawn -> drawn.stream().map(TrainingSample::of).toList());
    }

    /** @param prepare applied to the drawn samples before any symmetry (e.g. a denoiser in front of a regressor) */
    BatchSource(SimulationConfig config, int batch, boolean augment, long resumeCandidate, long step,
                java.util.function.Function<List<Sample>, List<TrainingSample>> prepare) {
        this.prepare = prepare;
        this.stream = new SampleStream(config, resumeCandidate);
        this.batch = batch;
        this.size = config.geometry().size();
        this.augment = augment;
        this.seed = config.seed();
        this.step = step;
    }

    Item next() {
        if (!augment) {
            List<TrainingSample> b = prepare.apply(stream.take(batch));
            step++;
            return new Item(b, stream.nextCandidate());
        }
        int inWindow = (int) (step % WINDOW);
        if (inWindow == 0 || window.isEmpty()) fillWindow(step / WINDOW);
        List<TrainingSample> b = window.subList(inWindow * batch, (inWindow + 1) * batch);
        step++;
        // after a window's last batch the next run starts a new window
        return new Item(b, inWindow == WINDOW - 1 ? windowEnd : windowStart);
    }

    private void fillWindow(long windowIndex) {
        windowStart = stream.nextCandidate();
        List<TrainingSample> drawn = prepare.apply(stream.take(batch));
        windowEnd = stream.nextCandidate();
        List<TrainingSample> all = new ArrayList<>(WINDOW * batch);
        for (TrainingSample s : drawn)
            for (StampSymmetry sym : StampSymmetry.values()) all.add(s.apply(sym, size));
        // Fisher-Yates with a generator seeded by (stream seed, window index): the same window shuffles alike on resume
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + windowIndex);
        for (int i = all.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            TrainingSample t = all.get(i);
            all.set(i, all.get(j));
            all.set(j, t);
        }
        window = all;
    }
}

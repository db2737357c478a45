package org.galaxyparams.train;

import org.galaxyparams.sim.DatasetGenerator;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.SampleFactory;
import org.galaxyparams.sim.SimulationConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * Accepted samples of a run in candidate order, from candidate {@code next} on: the same seed and
 * start give the same stream, so a resumed training run continues where the last one stopped.
 */
final class SampleStream {
    private final SimulationConfig config;
    private final SampleFactory factory;
    private long next;

    private final int maxRejectedInARow;

    SampleStream(SimulationConfig config, long firstCandidate) {
        this(config, firstCandidate, DatasetGenerator.MAX_REJECTED_IN_A_ROW);
    }

    /** With another limit on rejections in a row (tests: the real one takes minutes to reach). */
    SampleStream(SimulationConfig config, long firstCandidate, int maxRejectedInARow) {
        this.config = config;
        this.factory = new SampleFactory(config);
        this.next = firstCandidate;
        this.maxRejectedInARow = maxRejectedInARow;
    }

    /**
     * The next {@code n} accepted samples.
     *
     * @throws IllegalStateException after {@link DatasetGenerator#MAX_REJECTED_IN_A_ROW} rejections in a row (a prior
     *                               that never meets the SNR window would otherwise loop for ever)
     */
    List<Sample> take(int n) {
        List<Sample> out = new ArrayList<>(n);
        int rejectedInARow = 0;
        while (out.size() < n) {
            Sample s = factory.make(SampleFactory.candidateSeed(config.seed(), next++));
            if (s != null) {
                out.add(s);
                rejectedInARow = 0;
            } else if (++rejectedInARow > maxRejectedInARow) {
                throw DatasetGenerator.tooManyRejected(config);
            }
        }
        return out;
    }

    /** Index of the next candidate to draw. */
    long nextCandidate() { return next; }
}

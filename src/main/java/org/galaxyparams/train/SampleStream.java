package org.galaxyparams.train;

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

    SampleStream(SimulationConfig config, long firstCandidate) {
        this.config = config;
        this.factory = new SampleFactory(config);
        this.next = firstCandidate;
    }

    /** The next {@code n} accepted samples. */
    List<Sample> take(int n) {
        List<Sample> out = new ArrayList<>(n);
        while (out.size() < n) {
            Sample s = factory.make(SampleFactory.candidateSeed(config.seed(), next++));
            if (s != null) out.add(s);
        }
        return out;
    }

    /** Index of the next candidate to draw. */
    long nextCandidate() { return next; }
}

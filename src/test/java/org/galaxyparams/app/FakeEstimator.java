package org.galaxyparams.app;

import org.galaxyparams.estimate.Estimate;
import org.galaxyparams.estimate.ParameterEstimator;
import org.galaxyparams.estimate.StampInput;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.ProgressListener;

/** Test double: answers the sum of the pixels as flux and fixed shape values; counts the stamps it saw. */
final class FakeEstimator implements ParameterEstimator {
    int seen;

    @Override public String provenance() { return "fake@000000000000"; }
    @Override public int stampSize() { return 64; }
    @Override public double pixelScale() { return 0.23; }

    @Override
    public String checkInput(StampInput s) {
        for (float v : s.pixels()) if (!Float.isFinite(v)) return "NaN pixels";
        return s.size() == 64 ? null : "wrong size";
    }

    @Override
    public List<Estimate> estimate(List<StampInput> stamps, BooleanSupplier cancelled, ProgressListener progress) {
        List<Estimate> out = new ArrayList<>();
        for (StampInput s : stamps) {
            seen++;
            String why = checkInput(s);
            if (why != null) { out.add(Estimate.refused(s.id(), why)); continue; }
            double sum = 0;
            for (float v : s.pixels()) sum += v;
            out.add(new Estimate(s.id(), new GalaxyParams(sum, 2, 0.3, 0, 0), null, null, 0.001, null));
        }
        return out;
    }

    @Override public void close() {}
}

package org.galaxyparams.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.galaxyparams.estimate.ModelCache;
import org.galaxyparams.estimate.StampInput;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.SampleFactory;
import org.galaxyparams.sim.SimulationConfig;

/**
 * Network inference throughput on 64 x 64 stamps: the regressor alone and behind each denoiser, stamps
 * simulated beforehand (not timed), one warm-up pass, then the median of three timed passes.
 */
public final class EstimateBenchmark {
    private EstimateBenchmark() {}

    public static String run(String regressor, List<String> denoisers, int count) throws IOException {
        return run(regressor, denoisers, count, org.galaxyparams.estimate.EstimateMethod.NETWORK);
    }

    /**
     * The same for a method: with ml or posterior (seconds per galaxy, not milliseconds) one timed pass over
     * {@code count} stamps after a warm-up of 4, refinements and posteriors spread over all cores as in a run.
     */
    public static String run(String regressor, List<String> denoisers, int count, org.galaxyparams.estimate.EstimateMethod method)
            throws IOException {
        return run(regressor, denoisers, count, method, 0);
    }

    /** {@link #run} with every network averaged over {@code views} symmetric views (0: each card's own). */
    public static String run(String regressor, List<String> denoisers, int count, org.galaxyparams.estimate.EstimateMethod method, int views)
            throws IOException {
        SimulationConfig config = SimulationConfig.of(Preset.DATASET3, 99).withOutputs(true, false);
        SampleFactory f = new SampleFactory(config);
        List<StampInput> stamps = new ArrayList<>(count);
        for (long c = 0; stamps.size() < count; c++) {
            Sample s = f.make(SampleFactory.candidateSeed(99, c));
            if (s != null) stamps.add(new StampInput("b" + c, s.noisy(), 64, s.psfFwhm(), s.sigma()));
        }
        StringBuilder out = new StringBuilder();
        for (String d : denoisers) {
            // the estimator `estimate` itself would run (dataset-3 stamps all go to the general model)
            org.galaxyparams.estimate.ParameterEstimator est = ModelCache.forRun(regressor, d, "cpu", method,
                    org.galaxyparams.posterior.PriorBox.NONE, views, System.err::println);
            est.estimate(stamps.subList(0, Math.min(count, method.fits() ? 4 : 256)), () -> false, null);
            if (method.fits()) {
                long t0 = System.nanoTime();
                est.estimate(stamps, () -> false, null);
                double s = (System.nanoTime() - t0) / 1e9;
                out.append(String.format(Locale.ROOT, "estimate --method %s %-40s %7.2f galaxies/s (%d stamps in %.1f s, %d cores)%n",
                        method.id(), est.provenance(), count / s, count, s, Runtime.getRuntime().availableProcessors()));
                continue;
            }
            double[] rates = new double[3];
            for (int r = 0; r < 3; r++) {
                long t0 = System.nanoTime();
                est.estimate(stamps, () -> false, null);
                rates[r] = count / ((System.nanoTime() - t0) / 1e9);
            }
            java.util.Arrays.sort(rates);
            out.append(String.format(Locale.ROOT, "estimate %-40s %7.0f stamps/s (median of 3 passes over %d stamps; min %.0f, max %.0f)%n",
                    est.provenance(), rates[1], count, rates[0], rates[2]));
        }
        return out.toString();
    }
}

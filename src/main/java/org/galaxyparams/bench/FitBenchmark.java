package org.galaxyparams.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.galaxyparams.fit.MaximumLikelihoodFitter;
import org.galaxyparams.sim.DatasetGenerator;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.PsfModel;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.SimulationConfig;
import org.galaxyparams.sim.StampGeometry;

/** Maximum-likelihood fits of 64 x 64 stamps: median wall time per fit on one thread, fits/s on several. */
public final class FitBenchmark {
    private FitBenchmark() {}

    public static String run(Preset preset, int count, int threads) throws Exception {
        SimulationConfig config = SimulationConfig.of(preset, 4242).withOutputs(true, false);
        List<Sample> samples = new DatasetGenerator(config, threads).generate(count);
        MaximumLikelihoodFitter warm = new MaximumLikelihoodFitter();
        for (int i = 0; i < Math.min(10, count); i++) fit(warm, samples.get(i));
        double[] times = new double[count];
        MaximumLikelihoodFitter one = new MaximumLikelihoodFitter();
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            fit(one, samples.get(i));
            times[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(times);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ThreadLocal<MaximumLikelihoodFitter> fitters = ThreadLocal.withInitial(MaximumLikelihoodFitter::new);
        long t0 = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (Sample s : samples) done.add(pool.submit(() -> fit(fitters.get(), s)));
        for (Future<?> f : done) f.get();
        double wall = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        return String.format(Locale.ROOT,
                "fit %s 64x64, %d stamps: one thread median %.3f s, mean %.3f s, 90th percentile %.3f s; %d threads: %.2f fits/s",
                preset.id(), count, times[count / 2], Arrays.stream(times).average().orElse(0), times[(int) (0.9 * count)],
                threads, count / wall);
    }

    private static void fit(MaximumLikelihoodFitter f, Sample s) {
        double[] d = new double[s.noisy().length];
        for (int i = 0; i < d.length; i++) d[i] = s.noisy()[i];
        f.fit(d, s.sigma(), PsfModel.moffat(Preset.PSF_BETA, s.psfFwhm()), StampGeometry.DEFAULT, () -> false);
    }
}

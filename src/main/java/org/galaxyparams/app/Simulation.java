package org.galaxyparams.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import org.galaxyparams.io.DatasetInfo;
import org.galaxyparams.io.DatasetWriter;
import org.galaxyparams.sim.DatasetGenerator;
import org.galaxyparams.sim.FixedGalaxyPrior;
import org.galaxyparams.sim.Prior;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.SimulationConfig;
import org.galaxyparams.sim.UniformPrior;

/**
 * The simulate workflow every front-end runs: {@code count} accepted samples of a prior, streamed into one dataset
 * file (committed only when all are written) and handed to the front-end's own sink (Fiji's stacks, the CLI's stamp
 * files), with progress and cancel. A cancel or a failure leaves no file.
 */
public final class Simulation {
    private Simulation() {}

    /** Whether the prior draws a PSF per galaxy (then the dataset stores one PSF image per sample). */
    public static boolean psfVaries(Prior prior) {
        if (prior instanceof FixedGalaxyPrior) return false;
        return !(prior instanceof UniformPrior u) || u.psfFwhmMax() > u.psfFwhmMin();
    }

    /**
     * @param out the dataset to write, or null for none
     * @param keepNoiseless store the NOISELESS extension
     * @param sink also gets every sample, in order (may be null)
     * @return the number of samples made
     * @throws CancellationException when the monitor cancels; nothing is written then
     */
    public static int run(SimulationConfig config, int count, int threads, DatasetInfo info, Path out, boolean keepNoiseless,
                          Consumer<Sample> sink, Monitor monitor) throws IOException {
        if (count < 1) throw new IllegalArgumentException("count " + count + ": must be at least 1");
        DatasetWriter writer = out != null ? DatasetWriter.create(out, info, keepNoiseless, psfVaries(config.prior())) : null;
        int[] done = {0};
        try (writer) {
            new DatasetGenerator(config, Math.max(1, threads)).generate(count, s -> {
                if (monitor.isCancelled()) throw new CancellationException("cancelled after " + done[0] + " images");
                if (writer != null) {
                    try {
                        writer.append(s);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                if (sink != null) sink.accept(s);
                monitor.progress(++done[0], count);
            }, new org.galaxyparams.sim.ProgressListener() { // progress is reported above, once per sample
                @Override
                public void progress(long d, long total) {}

                @Override
                public boolean isCancelled() { return monitor.isCancelled(); }
            });
            if (writer != null) writer.commit();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return done[0];
    }
}

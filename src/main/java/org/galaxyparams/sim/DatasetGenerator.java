package org.galaxyparams.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * Generates accepted samples in a fixed order on any number of threads: candidate i is drawn from
 * {@link SampleFactory#candidateSeed}(seed, i) alone, and accepted candidates are emitted in index order,
 * so the output depends on the seed and never on the thread count.
 */
public final class DatasetGenerator {
    /** Draws in a row outside the SNR window after which a run stops: its prior and window do not fit together. */
    public static final int MAX_REJECTED_IN_A_ROW = 100_000;

    /** The error for a prior whose draws keep falling outside the SNR window. */
    public static IllegalStateException tooManyRejected(SimulationConfig config) {
        return new IllegalStateException(String.format(java.util.Locale.ROOT, "%,d draws in a row fell outside the SNR window [%s, %s]:"
                + " widen the window or change the prior", MAX_REJECTED_IN_A_ROW, config.snrMin(), config.snrMax()));
    }

    private final SimulationConfig config;
    private final int threads;

    public DatasetGenerator(SimulationConfig config, int threads) {
        this.config = config;
        this.threads = Math.max(1, threads);
    }

    /**
     * Emits {@code count} accepted samples, in order, to {@code sink} (called on the calling thread).
     *
     * @throws CancellationException if the listener asks to stop
     */
    public void generate(int count, Consumer<Sample> sink, ProgressListener listener) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "galaxy-sim");
            t.setDaemon(true);
            return t;
        });
        ThreadLocal<SampleFactory> factories = ThreadLocal.withInitial(() -> new SampleFactory(config));
        try {
            long next = 0;
            int emitted = 0, rejectedInARow = 0;
            int block = 32;
            while (emitted < count) {
                if (listener.isCancelled()) throw new CancellationException("cancelled after " + emitted + " samples");
                List<Future<Sample[]>> parts = new ArrayList<>();
                int perTask = Math.max(1, block / threads);
                for (int t = 0; t < threads; t++) {
                    long start = next + (long) t * perTask;
                    parts.add(pool.submit(() -> {
                        SampleFactory f = factories.get();
                        Sample[] out = new Sample[perTask];
                        for (int i = 0; i < perTask; i++) out[i] = f.make(SampleFactory.candidateSeed(config.seed(), start + i));
                        return out;
                    }));
                }
                next += (long) perTask * threads;
                for (Future<Sample[]> part : parts) {
                    for (Sample s : get(part)) {
                        if (s == null) {
                            if (++rejectedInARow > MAX_REJECTED_IN_A_ROW) throw tooManyRejected(config);
                            continue;
                        }
                        rejectedInARow = 0;
                        if (emitted < count) {
                            sink.accept(s);
                            emitted++;
                        }
                    }
                }
                listener.progress(emitted, count);
                block = Math.min(block * 2, 1024);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Convenience: all samples in memory. */
    public List<Sample> generate(int count) {
        List<Sample> out = new ArrayList<>(count);
        generate(count, out::add, ProgressListener.NONE);
        return out;
    }

    private static Sample[] get(Future<Sample[]> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            throw new IllegalStateException(c);
        }
    }
}

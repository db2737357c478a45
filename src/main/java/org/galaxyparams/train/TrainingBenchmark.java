package org.galaxyparams.train;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.Trainer;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.galaxyparams.net.Architecture;
import org.galaxyparams.net.DjlRuntime;
import org.galaxyparams.net.InputEncoding;
import org.galaxyparams.net.LabelScaling;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.SimulationConfig;

/**
 * Training throughput as {@code train} runs it: batches drawn by the simulator in a background thread (plain or
 * augmented), forward, loss, backward and Adam step on PyTorch. Warm-up steps first (allocations, kernel choice),
 * then the median rate of three timed stretches. Also times the data thread alone, so a line says which side
 * limits the rate.
 */
public final class TrainingBenchmark {
    private TrainingBenchmark() {}

    /** One line: network, threads, batch, augmentation, training images/s (median, min, max) and data images/s. */
    public static String run(Architecture arch, InputEncoding enc, int threads, int batch, boolean augment, int steps) throws InterruptedException {
        DjlRuntime.engine();
        JniUtils.setNumThreads(threads);
        boolean denoiser = arch.kind().isDenoiser();
        SimulationConfig data = SimulationConfig.of(Preset.DATASET3, 4242).withOutputs(true, denoiser);
        double dataRate = dataRate(data, batch, augment, enc, denoiser);
        BatchSource source = new BatchSource(data, batch, augment, 0, 0);
        BlockingQueue<TrainingBatch> queue = new ArrayBlockingQueue<>(4);
        Thread producer = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) queue.put(TrainingBatch.of(source.next().samples(), enc, LabelScaling.STUDY_PRIOR, denoiser));
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "galaxy-params-bench-data");
        producer.setDaemon(true);
        producer.start();
        double[] rates = new double[3];
        try (Model model = Model.newInstance("bench", ai.djl.Device.cpu(), DjlRuntime.ENGINE)) {
            model.setBlock(arch.build());
            try (Trainer trainer = model.newTrainer(NetworkTrainer.config(NetworkTrainer.adam(new CosineSchedule(1e-4f, 0.05f, 100_000, 300, 0), denoiser), denoiser, denoiser ? 0 : arch.xception().outputs()))) {
                trainer.initialize(new Shape(batch, enc.channels(), enc.stampSize(), enc.stampSize()));
                for (int i = 0; i < Math.max(5, steps / 5); i++) NetworkTrainer.step(trainer, queue.take(), enc, denoiser);
                for (int r = 0; r < 3; r++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < steps; i++) NetworkTrainer.step(trainer, queue.take(), enc, denoiser);
                    rates[r] = steps * batch / ((System.nanoTime() - t0) / 1e9);
                }
            }
        } finally {
            producer.interrupt();
        }
        java.util.Arrays.sort(rates);
        return String.format(Locale.ROOT, "train %-8s threads %d  batch %3d  %-9s %6.0f img/s (median of 3 x %d steps; min %.0f, max %.0f)"
                        + "   data thread alone %6.0f img/s",
                arch.kind().id(), threads, batch, augment ? "augmented" : "plain", rates[1], steps, rates[0], rates[2], dataRate);
    }

    /** Images per second the data thread makes (simulate, augment, encode) on its own. */
    private static double dataRate(SimulationConfig data, int batch, boolean augment, InputEncoding enc, boolean denoiser) {
        BatchSource source = new BatchSource(data, batch, augment, 0, 0);
        TrainingBatch.of(source.next().samples(), enc, LabelScaling.STUDY_PRIOR, denoiser);
        int batches = augment ? 2 * BatchSource.WINDOW : 6;
        long t0 = System.nanoTime();
        for (int i = 0; i < batches; i++) TrainingBatch.of(source.next().samples(), enc, LabelScaling.STUDY_PRIOR, denoiser);
        return batches * batch / ((System.nanoTime() - t0) / 1e9);
    }
}

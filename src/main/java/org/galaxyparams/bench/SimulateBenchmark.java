package org.galaxyparams.bench;

import java.util.Locale;
import org.galaxyparams.sim.DatasetGenerator;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.SimulationConfig;

/** Accepted noiseless 64 x 64 images per second for a preset's prior, on one thread and on several. */
public final class SimulateBenchmark {
    public record Result(int threads, int images, double seconds) {
        public double imagesPerSecond() { return images / seconds; }
        public double msPerImage() { return 1000 * seconds / images; }
    }

    private SimulateBenchmark() {}

    public static Result run(Preset preset, int threads, int images, long seed) {
        SimulationConfig config = SimulationConfig.of(preset, seed).withOutputs(false, false);
        DatasetGenerator gen = new DatasetGenerator(config, threads);
        gen.generate(Math.max(200, images / 5)); // warm-up: JIT and the Sersic table rows
        long t0 = System.nanoTime();
        gen.generate(images);
        return new Result(threads, images, (System.nanoTime() - t0) / 1e9);
    }

    public static String format(Preset preset, Result r) {
        return String.format(Locale.ROOT, "simulate %s noiseless %dx%d: %d threads, %d images in %.2f s: %.0f images/s, %.3f ms/image (wall per thread-image %.3f ms)",
                preset.id(), 64, 64, r.threads(), r.images(), r.seconds(), r.imagesPerSecond(), r.msPerImage(), r.msPerImage() * r.threads());
    }

    public static void main(String[] args) {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        for (int t : new int[] {1, Runtime.getRuntime().availableProcessors()}) {
            System.out.println(format(Preset.DATASET3, run(Preset.DATASET3, t, images, 1)));
        }
    }
}

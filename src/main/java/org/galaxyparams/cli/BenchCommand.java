package org.galaxyparams.cli;

import java.util.concurrent.Callable;
import org.galaxyparams.bench.SimulateBenchmark;
import org.galaxyparams.sim.Preset;
import picocli.CommandLine.Command;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bench simulate}: prints accepted noiseless images per second on one thread and on all threads. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: 'bench simulate' times the simulator, 'bench fit' the maximum-likelihood fit,"
                + " 'bench estimate' the networks (regressor alone and behind each denoiser), 'bench train' training"
                + " throughput (each network, plain and augmented data, at each thread count).")
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "what to time: simulate, fit, estimate or train")
    String what;
    @Option(names = "--preset", defaultValue = "dataset3", description = "prior to draw from (default ${DEFAULT-VALUE})")
    String preset;
    @Option(names = "--count", defaultValue = "5000", description = "accepted images per run (default ${DEFAULT-VALUE})")
    int count;
    @Option(names = "--model", defaultValue = org.galaxyparams.estimate.ModelLocator.DEFAULT_REGRESSOR, description = "bench estimate: regressor")
    String model;
    @Option(names = "--denoisers", defaultValue = "none,edsr,rdn", split = ",", description = "bench estimate: denoisers to put in front")
    java.util.List<String> denoisers;
    @Option(names = "--method", defaultValue = "network", description = "bench estimate: network, ml or posterior (count capped at 200)")
    String method;
    @Option(names = "--threads", split = ",", description = "thread counts to time (default: 1 and all cores)")
    int[] threads;
    @Option(names = "--networks", defaultValue = "xception,edsr,rdn", split = ",", description = "bench train: networks (shipped sizes)")
    java.util.List<String> networks;
    @Option(names = "--batch", defaultValue = "32", description = "bench train: batch size")
    int batch;
    @Option(names = "--steps", defaultValue = "15", description = "bench train: steps per timed stretch (three stretches)")
    int steps;

    @Override
    public Integer call() throws Exception {
        if (!java.util.List.of("simulate", "fit", "estimate", "train").contains(what)) {
            throw new IllegalArgumentException("unknown benchmark '" + what + "': use 'bench simulate', 'bench fit', 'bench estimate' or 'bench train'");
        }
        Preset p = Preset.parse(preset);
        int[] counts = threads != null ? threads : new int[] {1, Runtime.getRuntime().availableProcessors()};
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version"));
        if ("estimate".equals(what)) {
            int t = counts[counts.length - 1];
            org.galaxyparams.net.DjlRuntime.configureThreads(t);
            System.out.println("PyTorch threads: " + t);
            org.galaxyparams.estimate.EstimateMethod m = org.galaxyparams.estimate.EstimateMethod.parse(method);
            System.out.print(org.galaxyparams.bench.EstimateBenchmark.run(model, m.fits() ? List.of("none") : denoisers,
                    Math.min(count, m.fits() ? 200 : 4096), m));
            return 0;
        }
        if ("train".equals(what)) {
            org.galaxyparams.net.DjlRuntime.configureThreads(counts[counts.length - 1]);
            for (String n : networks) {
                org.galaxyparams.net.NetworkKind kind = org.galaxyparams.net.NetworkKind.parse(n);
                boolean regressor = kind == org.galaxyparams.net.NetworkKind.XCEPTION;
                org.galaxyparams.net.Architecture arch = regressor ? org.galaxyparams.net.Architecture.SHIPPED_XCEPTION_ASINH
                        : org.galaxyparams.net.Architecture.shipped(kind);
                org.galaxyparams.net.InputEncoding enc = regressor ? org.galaxyparams.net.InputEncoding.STUDY_ASINH
                        : org.galaxyparams.net.InputEncoding.STUDY;
                for (int t : counts)
                    for (boolean augment : new boolean[] {false, true})
                        System.out.println(org.galaxyparams.train.TrainingBenchmark.run(arch, enc, t, batch, augment, steps));
            }
            return 0;
        }
        if ("fit".equals(what)) {
            System.out.println(org.galaxyparams.bench.FitBenchmark.run(p, Math.min(count, 2000), counts[counts.length - 1]));
            return 0;
        }
        for (int t : counts) System.out.println(SimulateBenchmark.format(p, SimulateBenchmark.run(p, t, count, 1)));
        return 0;
    }
}

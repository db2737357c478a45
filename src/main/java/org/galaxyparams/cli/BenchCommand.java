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
                + " throughput (each network, plain and augmented data, at each thread count), 'bench catalog' the field path on a"
                + " simulated 4096 x 4096 field with 1,000 galaxies and 100 stars (detection, measurement, accuracy against the truth).")
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "what to time: simulate, fit, estimate, train or catalog")
    String what;
    @Option(names = "--preset", defaultValue = "dataset3", description = "prior to draw from (default ${DEFAULT-VALUE})")
    String preset;
    @Option(names = "--count", defaultValue = "5000", description = "accepted images per run (default ${DEFAULT-VALUE})")
    int count;
    @Option(names = "--model", defaultValue = org.galaxyparams.estimate.ModelLocator.DEFAULT_REGRESSOR, description = "bench estimate: regressor")
    String model;
    @Option(names = "--views", defaultValue = "0", description = "bench estimate: symmetric views per stamp (1, 2, 4, 8; 0 the card's)")
    int views;
    @Option(names = "--denoisers", defaultValue = "none,edsr,rdn", split = ",", description = "bench estimate: denoisers to put in front")
    java.util.List<String> denoisers;
    @Option(names = "--method", defaultValue = "network", description = "bench estimate: network, ml or posterior (count capped at 2,000)")
    String method;
    @Option(names = "--threads", split = ",", description = "thread counts to time (default: 1 and all cores)")
    int[] threads;
    @Option(names = "--networks", defaultValue = "xception,edsr,rdn", split = ",", description = "bench train: networks (shipped sizes)")
    java.util.List<String> networks;
    @Option(names = "--batch", defaultValue = "32", description = "bench train: batch size")
    int batch;
    @Option(names = "--filters", defaultValue = "64", description = "bench train: the regressor's block filters (64: the default"
            + " regressor's, 4 blocks, exit 128, unshuffle entry; 32: that layout at the first shipped one's width)")
    int filters;
    @Option(names = "--steps", defaultValue = "15", description = "bench train: steps per timed stretch (three stretches)")
    int steps;
    @Option(names = "--side", defaultValue = "4096", description = "bench catalog: field side, pixels")
    int side;
    @Option(names = "--galaxies", defaultValue = "1000", description = "bench catalog: galaxies in the field")
    int galaxies;
    @Option(names = "--stars", defaultValue = "100", description = "bench catalog: stars in the field")
    int stars;
    @Option(names = "--seed", defaultValue = "2026", description = "bench catalog: seed of the field")
    long seed;

    /**
     * The default regressor's layout, read from the card of {@link org.galaxyparams.estimate.ModelLocator#DEFAULT_PAIR_BASE}
     * (so the bench follows what ships), with {@code filters} per block and twice that at the exit (as train --filters).
     */
    static org.galaxyparams.net.Architecture regressorOfWidth(int filters) throws java.io.IOException {
        if (filters < 1) throw new IllegalArgumentException("--filters " + filters + ": give a positive number of block filters, e.g. 64");
        org.galaxyparams.net.XceptionConfig x = org.galaxyparams.net.ModelCard.read(org.galaxyparams.estimate.ModelLocator.resolve(
                org.galaxyparams.estimate.ModelLocator.DEFAULT_PAIR_BASE)).architecture().xception();
        return org.galaxyparams.net.Architecture.of(x.reshaped(x.poolAfterEntry(), x.blocks(), filters, x.unshuffleEntry()));
    }

    @Override
    public Integer call() throws Exception {
        if (!java.util.List.of("simulate", "fit", "estimate", "train", "catalog").contains(what)) {
            throw new IllegalArgumentException("unknown benchmark '" + what + "': use 'bench simulate', 'bench fit', 'bench estimate',"
                    + " 'bench train' or 'bench catalog'");
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
                    Math.min(count, m.fits() ? 2000 : 4096), m, views));
            return 0;
        }
        if ("catalog".equals(what)) {
            int t = counts[counts.length - 1];
            org.galaxyparams.estimate.EstimateMethod m = org.galaxyparams.estimate.EstimateMethod.parse(method);
            org.galaxyparams.app.EstimateRequest e = org.galaxyparams.app.EstimateRequest.DEFAULTS.withModel(model, "none").withDevice("auto", t);
            e = m == org.galaxyparams.estimate.EstimateMethod.NETWORK ? e : new org.galaxyparams.app.EstimateRequest(e.model(), e.denoiser(),
                    e.device(), m, e.psfFwhm(), e.sigma(), false, e.sky(), false, t);
            org.galaxyparams.field.FieldSpec spec = new org.galaxyparams.field.FieldSpec(side, side, galaxies, stars, Preset.DATASET3, 0.7, 300, 1000,
                    200, 0.05, 0.23, true, seed);
            System.out.println("threads: " + t);
            System.out.print(org.galaxyparams.bench.CatalogBenchmark.run(spec, org.galaxyparams.app.CatalogRequest.DEFAULTS.withEstimate(e)));
            return 0;
        }
        if ("train".equals(what)) {
            org.galaxyparams.net.DjlRuntime.configureThreads(counts[counts.length - 1]);
            for (String n : networks) {
                org.galaxyparams.net.NetworkKind kind = org.galaxyparams.net.NetworkKind.parse(n);
                boolean regressor = kind == org.galaxyparams.net.NetworkKind.XCEPTION;
                org.galaxyparams.net.Architecture arch = regressor ? regressorOfWidth(filters)
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

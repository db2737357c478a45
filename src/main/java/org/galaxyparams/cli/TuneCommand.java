package org.galaxyparams.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.galaxyparams.app.ArchitectureSearch;
import org.galaxyparams.app.TrainRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "tune", mixinStandardHelpOptions = true,
        description = "Grid search of the regressor's shape (blocks x filters x pool x entry): one short training each, then a table of"
                + " validation loss against training cost (<out>/tune-<preset>.md). Rerun the same command to resume.")
final class TuneCommand implements Callable<Integer> {
    @Option(names = "--preset", defaultValue = "dataset3", description = "training prior: dataset1, dataset2, dataset3")
    String preset;
    @Option(names = "--blocks", split = ",", defaultValue = "2,4,8", description = "residual blocks to try")
    List<Integer> blocks;
    @Option(names = "--filters", split = ",", defaultValue = "32,64", description = "block filters to try")
    List<Integer> filters;
    @Option(names = "--pool", split = ",", defaultValue = "0,1", description = "2x2 max pools after the entry convolution to try")
    List<Integer> pools;
    @Option(names = "--entry", split = ",", defaultValue = "max", description = "downsampling after the entry convolution to try:"
            + " max (2x2 max pools, shipped), unshuffle (2x2 pixel unshuffles, nothing dropped), or max,unshuffle")
    List<String> entries;
    @Option(names = "--steps", defaultValue = "3000", description = "schedule length of each shape's run, in steps")
    int steps;
    @Option(names = "--batch", defaultValue = "32")
    int batch;
    @Option(names = "--lr", defaultValue = "1e-3", description = "peak learning rate (Adam)")
    float lr;
    @Option(names = "--seed", defaultValue = "1001", description = "training stream seed (the same for every shape)")
    long seed;
    @Option(names = "--validation-seed", defaultValue = "2002")
    long validationSeed;
    @Option(names = "--validation", defaultValue = "2000", description = "validation images")
    int validation;
    @Option(names = "--validate-every", defaultValue = "500")
    int validateEvery;
    @Option(names = "--augment", negatable = true, defaultValue = "true", description = "8 square symmetries of each drawn image (default on)")
    boolean augment;
    @Option(names = "--asinh", negatable = true, defaultValue = "true", description = "the asinh input plane of the shipped regressor (default on)")
    boolean asinh;
    @Option(names = "--threads", defaultValue = "0", description = "PyTorch threads (0 = one per core)")
    int threads;
    @Option(names = "--max-minutes", defaultValue = "0", description = "per shape: stop (with a checkpoint) after this wall time; rerun to resume")
    double maxMinutes;
    @Option(names = "--out", defaultValue = "models/tuning", description = "folder for the runs and the table")
    Path out;

    @Override
    public Integer call() throws Exception {
        TrainRequest base = TrainRequest.builder().preset(preset).name("tune").out(out).steps(steps).batch(batch).learningRate(lr).seed(seed)
                .validationSeed(validationSeed).validation(validation).validateEvery(validateEvery).patience(1_000_000)
                .maxMinutes(maxMinutes).threads(threads).resume(true).augment(augment).asinh(asinh).build();
        ArchitectureSearch search = new ArchitectureSearch(base, blocks, filters, pools,
                entries.stream().map(ArchitectureSearch.Entry::parse).toList());
        List<ArchitectureSearch.Outcome> done = search.run(System.out, () -> Thread.currentThread().isInterrupted());
        String command = String.format(java.util.Locale.ROOT, "tune --preset %s --blocks %s --filters %s --pool %s --entry %s --steps %d --batch %d --lr %s"
                        + " --seed %d --validation-seed %d --validation %d --validate-every %d%s%s --out %s", base.preset(), join(blocks), join(filters),
                join(pools), String.join(",", entries), steps, batch, lr, seed, validationSeed, validation, validateEvery, augment ? "" : " --no-augment", asinh ? "" : " --no-asinh", out);
        String table = search.table(done, command);
        Path file = out.resolve("tune-" + base.preset() + ".md");
        org.galaxyparams.io.OutputFile.writeString(file, table);
        System.out.print(table);
        System.out.println("Wrote " + file + (done.size() < search.grid().size() ? "; rerun the same command to train the remaining shapes" : ""));
        return done.size() < search.grid().size() ? 3 : 0;
    }

    private static String join(List<Integer> v) {
        return String.join(",", v.stream().map(String::valueOf).toList());
    }
}

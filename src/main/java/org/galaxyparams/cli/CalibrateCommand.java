package org.galaxyparams.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.galaxyparams.estimate.ModelCache;
import org.galaxyparams.estimate.ModelLocator;
import org.galaxyparams.estimate.NeuralEstimator;
import org.galaxyparams.eval.ErrorCalibration;
import org.galaxyparams.eval.Evaluation;
import org.galaxyparams.eval.EvaluationSamples;
import org.galaxyparams.net.DjlRuntime;
import org.galaxyparams.net.ModelCard;
import org.galaxyparams.sim.Preset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code calibrate}: scales a spread head's errors so they cover as Gaussian errors do, and writes it on the card. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Scale a regressor's predicted errors (trained with --errors) so that 68.3 % of the errors of a fresh"
                + " set fall within one; writes the factors on the model's card (its weights are unchanged).")
final class CalibrateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "a regressor with a spread head: name or card path")
    String model;
    @Option(names = "--preset", description = "the set to calibrate on (default: the model's training preset)")
    String preset;
    @Option(names = "--count", defaultValue = "4000", description = "images")
    int count;
    @Option(names = "--seed", defaultValue = "606060",
            description = "seed of the calibration set: not the training, validation (2002) or evaluation (424242) seeds")
    long seed;
    @Option(names = "--threads", defaultValue = "0", description = "PyTorch threads (0 = one per core)")
    int threads;

    @Override
    public Integer call() throws Exception {
        if (count < 100) throw new IllegalArgumentException("--count " + count + ": give at least 100 images (4,000 by default)");
        if (seed == 424242 || seed == 2002)
            throw new IllegalArgumentException("--seed " + seed + " draws the evaluation or validation set: calibrate on another seed");
        Path card = ModelLocator.resolve(model);
        if (ModelLocator.isBundledCopy(card))
            throw new IllegalArgumentException(model + " is the copy bundled in the jar: copy its .json and .params to a folder and give"
                    + " --model that/folder/" + card.getFileName());
        DjlRuntime.configureThreads(threads);
        ModelCard c = ModelCard.read(card);
        Preset p = Preset.parse(preset != null ? preset : c.prior() != null ? c.prior().preset() : "dataset3");
        NeuralEstimator est = ModelCache.estimator(card.toString(), "none", "cpu", false, System.err::println);
        EvaluationSamples s = Evaluation.collect(est, p, count, seed, m -> {});
        if (s.errors() == null)
            throw new IllegalArgumentException(c.name() + " predicts no errors: train it with --errors (a spread head) first");
        double[] q = ErrorCalibration.scales(s);
        double[] before = c.errorCalibration() == null ? new double[] {1, 1, 1, 1, 1} : c.errorCalibration().scale();
        double[] scale = new double[5];
        for (int k = 0; k < 5; k++) scale[k] = before[k] * q[k];
        String command = String.format(Locale.ROOT, "calibrate --model %s --preset %s --count %d --seed %d", c.name(), p.id(), count, seed);
        c.withErrorCalibration(new ModelCard.ErrorCalibration(scale, p.id(), seed, count, command)).write(card);
        double[] c1 = s.coverage(1), c2 = s.coverage(2);
        System.out.printf(Locale.ROOT, "%s on %d images of %s (seed %d)%n| label | within 1 err before | within 2 err before | factor | scale on card |%n"
                + "|---|---|---|---|---|%n", c.name(), s.count(), p.id(), seed);
        for (int k = 0; k < 5; k++)
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.4f | %.4f |%n", Evaluation.labels()[k], c1[k], c2[k], q[k], scale[k]);
        System.out.println("wrote the calibration on " + card + "; check it with evaluate --model " + c.name() + " (other seeds)");
        return 0;
    }
}

package org.galaxyparams.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.galaxyparams.estimate.ModelLocator;
import org.galaxyparams.eval.ErrorCalibration;
import org.galaxyparams.eval.Evaluation;
import org.galaxyparams.net.DjlRuntime;
import org.galaxyparams.net.ModelCard;
import org.galaxyparams.sim.Preset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code calibrate}: scales a spread head's errors so they cover as Gaussian errors do, and writes it on the card. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Scale a regressor's predicted errors (trained with --errors) so that 68.3 %% of the errors of a fresh"
                + " set fall within one; writes the factors on the model's card (its weights are unchanged). With --views, first"
                + " sets how many symmetric views of each stamp the card's estimate averages, and with --flux where its flux comes from"
                + " (for a regressor without errors, only that).")
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
    @Option(names = "--views", defaultValue = "0", description = "first set the card's symmetric views to 1, 2, 4 or 8 (its estimates"
            + " become the mean over rotated and mirrored copies of each stamp), then calibrate; 0 keeps the card's")
    int views;
    @Option(names = "--flux", description = "first set where the card's flux comes from: network (the regressor's output) or model (the"
            + " flux of the model with the network's shape that best fits the stamp); default: keep the card's")
    String flux;

    @Override
    public Integer call() throws Exception {
        Path card = ModelLocator.resolve(model);
        if (ModelLocator.isBundledCopy(card))
            throw new IllegalArgumentException(model + " is the copy bundled in the jar: copy its .json and .params to a folder and give"
                    + " --model that/folder/" + card.getFileName());
        DjlRuntime.configureThreads(threads);
        ModelCard c = ModelCard.read(card);
        Preset p = Preset.parse(preset != null ? preset : c.prior() != null ? c.prior().preset() : "dataset3");
        boolean spreads = !c.isDenoiser() && c.architecture() != null && c.architecture().xception() != null
                && c.architecture().xception().outputs() == 10;
        if (!spreads && (views != 0 || flux != null) && !c.isDenoiser()) {
            // a regressor without a spread head: its views and flux are all there is to set
            if (views != 0 && !org.galaxyparams.net.SymmetryViews.valid(views)) throw new IllegalArgumentException("views " + views + ": give 1, 2, 4 or 8");
            ModelCard set = views != 0 ? c.withViews(views) : c;
            set = flux != null ? set.withFlux(flux) : set;
            set.write(card);
            System.out.println("set " + card + " to " + set.views() + (set.views() == 1 ? " view" : " views") + " and the " + set.flux()
                    + " flux; it predicts no errors, so there is nothing to calibrate");
            return 0;
        }
        ErrorCalibration.Result r = ErrorCalibration.calibrate(card, p, count, seed, views, flux, System.err::println);
        double[] c1 = r.samples().coverage(1), c2 = r.samples().coverage(2);
        System.out.printf(Locale.ROOT, "%s (%d views, %s flux) on %d images of %s (seed %d)%n| label | within 1 err before | within 2 err before | factor | scale on card |%n"
                + "|---|---|---|---|---|%n", c.name(), r.card().views(), r.card().flux(), r.samples().count(), p.id(), seed);
        for (int k = 0; k < 5; k++)
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.4f | %.4f |%n", Evaluation.labels()[k], c1[k], c2[k], r.factors()[k],
                    r.scales()[k]);
        System.out.println("factors for each view count (1, 2, 4, 8 symmetric views; the card's scales are the old ones times these):");
        r.factorsByViews().forEach((v, f) -> System.out.printf(Locale.ROOT, "  %d views: %.4f %.4f %.4f %.4f %.4f%n", v, f[0], f[1], f[2], f[3], f[4]));
        System.out.println("wrote the calibration on " + card + "; check it with evaluate --model " + c.name() + " (other seeds)");
        return 0;
    }
}

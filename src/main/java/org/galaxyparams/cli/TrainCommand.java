package org.galaxyparams.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.galaxyparams.net.Architecture;
import org.galaxyparams.net.InputEncoding;
import org.galaxyparams.net.ModelCard;
import org.galaxyparams.net.NetworkKind;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.SimulationConfig;
import org.galaxyparams.train.NetworkTrainer;
import org.galaxyparams.train.TrainingOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code train}: trains a regressor or denoiser from the simulator, resumable from its checkpoint. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains a network on images simulated on the fly; writes <out>/<name>.params and .json (model card)"
                + " and checkpoints in <out>/checkpoints; --resume continues a stopped run.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--network", required = true, description = "xception (regressor), edsr or rdn (denoisers), or autoencoder: an xception"
            + " regressor trained as the encoder of the study's conditional autoencoder (labels and the noiseless stamp)")
    String network;
    @Option(names = "--preset", defaultValue = "dataset3", description = "training prior: dataset1, dataset2, dataset3")
    String preset;
    @Option(names = "--name", description = "model name (default <network>-<preset>)")
    String name;
    @Option(names = "--out", defaultValue = "models", description = "output folder")
    Path out;
    @Option(names = "--steps", defaultValue = "20000", description = "length of the schedule in steps")
    int steps;
    @Option(names = "--batch", defaultValue = "32")
    int batch;
    @Option(names = "--lr", defaultValue = "1e-3", description = "peak learning rate (Adam)")
    float lr;
    @Option(names = "--seed", defaultValue = "1001", description = "training stream seed")
    long seed;
    @Option(names = "--validation-seed", defaultValue = "2002")
    long validationSeed;
    @Option(names = "--validation", defaultValue = "2000", description = "validation images")
    int validation;
    @Option(names = "--validate-every", defaultValue = "500", description = "steps between validations and checkpoints")
    int validateEvery;
    @Option(names = "--patience", defaultValue = "20", description = "validations without gain before early stopping")
    int patience;
    @Option(names = "--max-minutes", defaultValue = "0", description = "stop (with a checkpoint) after this wall time; 0 = none")
    double maxMinutes;
    @Option(names = "--threads", defaultValue = "0", description = "PyTorch threads (0 = one per core)")
    int threads;
    @Option(names = "--resume", description = "continue from <out>/checkpoints/<name>-state.json")
    boolean resume;
    @Option(names = "--denoiser", description = "regressor: train on this denoiser's outputs (edsr, rdn, a name or a card);"
            + " name the model <regressor>+<denoiser> and estimate --denoiser picks it")
    String denoiser;

    @Option(names = "--denoised-plane", description = "with --denoiser: the regressor sees the noisy stamp and, as one more"
            + " input plane, the denoised one (instead of the denoised one alone)")
    boolean denoisedPlane;
    @Option(names = "--denoised-plane-share", defaultValue = "0", description = "with --denoised-plane and --init-from: the"
            + " fraction (0-1) of the starting model's asinh-plane weights moved to the new denoised plane, so it is used from"
            + " the first step (0: it starts at zero weights)")
    double denoisedPlaneShare;
    @Option(names = "--joint", description = "with --denoiser and --denoised-plane: train the denoiser too, end to end on the"
            + " regressor's loss; --name <regressor>+<new denoiser> saves both (estimate --denoiser <new denoiser> runs the pair)")
    boolean joint;

    @Option(names = "--init-from", description = "start from this model's weights (same architecture), e.g. to fine-tune"
            + " the shipped regressor on a denoiser's outputs; with a larger --blocks, the extra blocks are appended after"
            + " its blocks and start as the identity, so the deeper network starts computing what this one does")
    String initFrom;

    @Option(names = "--overwrite", description = "a fresh run may replace an existing model of the same name in --out")
    boolean overwrite;

    @Option(names = "--augment", description = "serve each drawn image in its 8 square symmetries (shear mapped exactly):"
            + " the simulator draws an eighth as many images")
    boolean augment;

    @Option(names = "--asinh", description = "regressor: add the asinh(image / sigma) input plane")
    boolean asinh;
    @Option(names = "--pool", description = "regressor: 2x2 max pools after the first convolution (shipped: 1)")
    Integer pool;
    @Option(names = "--unshuffle-entry", description = "regressor: downsample after the first convolution by 2x2 pixel unshuffles"
            + " (each pixel of a 2x2 cell becomes a channel: nothing discarded) instead of max pools")
    boolean unshuffleEntry;
    @Option(names = "--blocks", description = "regressor: residual blocks (shipped: 4)")
    Integer blocks;
    @Option(names = "--filters", description = "regressor: block filters (shipped: 32)")
    Integer filters;

    @Option(names = "--errors", description = "regressor: also predict a standard deviation per label (Gaussian likelihood"
            + " head); with --init-from a 5-output model, its means start where that model's are")
    boolean errors;

    @Option(names = "--head-only", description = "with --errors and --init-from: train only the spread rows of the last layer, the"
            + " rest frozen in inference mode, so the model's estimates stay exactly --init-from's")
    boolean headOnly;
    @Option(names = "--precise-bn", defaultValue = "0", description = "with --init-from and --name: write a copy of --init-from"
            + " whose BatchNorm running statistics are the average over this many training-mode batches of --batch stamps"
            + " (drawn with --seed), instead of training's exponential average over the last few batches; no weight changes")
    int preciseBn;
    @Option(names = "--average-of", description = "with --precise-bn: first replace the --init-from weights by the mean of these"
            + " snapshots of its architecture (comma-separated weight files; a '*' in a file name matches in its folder), e.g."
            + " models/training/checkpoints/NAME-step*.params of a --keep-checkpoints run (stochastic weight averaging)")
    String averageOf;
    @Option(names = "--reconstruction-weight", defaultValue = "0", description = "autoencoder: weight of the reconstruction term"
            + " (L2 on the noiseless stamp / 1000) against the labels' L2 (1 with --network autoencoder)")
    double reconstructionWeight;
    @Option(names = "--label-weights", description = "regressor: weight of each label in the loss, e.g. flux=40 (others 1) or five"
            + " numbers in label order; the validation loss that picks the best model is weighted alike")
    String labelWeights;
    @Option(names = "--teacher", description = "regressor: learn this model's mean over --teacher-views symmetric views of each drawn"
            + " stamp instead of the true labels (distillation); 'posterior': the posterior mean of each drawn stamp (slow: use"
            + " --augment); validation keeps the true labels")
    String teacher;
    @Option(names = "--teacher-views", defaultValue = "8", description = "views the teacher averages: 1, 2, 4 or 8")
    int teacherViews;
    @Option(names = "--lr-final", defaultValue = "0.05", description = "learning rate at the schedule's end as a fraction of --lr:"
            + " 0.05 is a cosine cycle, 1 holds --lr constant after the warm-up (for a weight average's snapshots)")
    float lrFinal;
    @Option(names = "--keep-checkpoints", description = "keep the weights of every checkpoint (checkpoints/<name>-step<N>.params),"
            + " not only the newest: the snapshots that --average-of averages")
    boolean keepCheckpoints;

    org.galaxyparams.app.TrainRequest request() {
        return org.galaxyparams.app.TrainRequest.builder().network(network).preset(preset).name(name).out(out).steps(steps)
                .batch(batch).learningRate(lr).seed(seed).validationSeed(validationSeed).validation(validation)
                .validateEvery(validateEvery).patience(patience).maxMinutes(maxMinutes).threads(threads).resume(resume)
                .overwrite(overwrite).augment(augment).asinh(asinh).pool(pool).blocks(blocks).filters(filters).denoiser(denoiser)
                .denoisedPlane(denoisedPlane).initFrom(initFrom).errors(errors).reconstruction(reconstructionWeight)
                .labelWeights(org.galaxyparams.train.LabelWeights.parse(labelWeights)).teacher(teacher).teacherViews(teacherViews)
                .unshuffleEntry(unshuffleEntry).denoisedPlaneShare(denoisedPlaneShare).joint(joint)
                .lrFinal(lrFinal).keepCheckpoints(keepCheckpoints).build();
    }

    @Override
    public Integer call() throws Exception {
        if (headOnly) return headOnly();
        if (preciseBn > 0) return preciseBn();
        if (averageOf != null)
            throw new IllegalArgumentException("--average-of needs --precise-bn K: averaged weights need BatchNorm statistics of their own");
        TrainingOptions o = request().options();
        ModelCard card = new NetworkTrainer(o, System.out).run(() -> Thread.currentThread().isInterrupted());
        System.out.printf(Locale.ROOT, "Best model: %s (%s), validation %s%n", o.outDir().resolve(card.weights()),
                card.sha256().substring(0, 12), card.validation());
        return 0;
    }

    /** --precise-bn: a copy of --init-from with averaged BatchNorm statistics, drawn from the prior on its card. */
    private int preciseBn() throws Exception {
        if (initFrom == null || name == null || name.isBlank())
            throw new IllegalArgumentException("--precise-bn writes a copy of the --init-from model under --name: give both");
        if (resume || maxMinutes > 0 || headOnly)
            throw new IllegalArgumentException("--precise-bn runs in a minute and keeps no checkpoints: drop --resume, --max-minutes and --head-only");
        Path source = org.galaxyparams.estimate.ModelLocator.resolve(initFrom);
        String command = "train --init-from " + initFrom + " --name " + name + " --precise-bn " + preciseBn + " --batch " + batch
                + " --seed " + seed + " --validation-seed " + validationSeed + " --validation " + validation
                + (averageOf != null ? " --average-of " + averageOf : "");
        java.util.List<Path> snapshots = averageOf == null ? java.util.List.of() : org.galaxyparams.train.WeightAverage.files(averageOf);
        ModelCard card = org.galaxyparams.train.PreciseBatchNorm.run(new org.galaxyparams.train.PreciseBatchNorm.Options(source,
                seed, name.trim(), out, preciseBn, batch, validationSeed, validation,
                threads > 0 ? threads : Runtime.getRuntime().availableProcessors(), command, snapshots), System.out,
                () -> Thread.currentThread().isInterrupted());
        System.out.printf(Locale.ROOT, "Model: %s (%s), validation %s%n", out.resolve(card.weights()), card.sha256().substring(0, 12),
                card.validation());
        return 0;
    }

    /** --head-only: a spread head on --init-from's frozen network. */
    private int headOnly() throws Exception {
        if (!errors || initFrom == null)
            throw new IllegalArgumentException("--head-only trains the spread head of --errors on the frozen network of --init-from: give both");
        if (resume || maxMinutes > 0)
            throw new IllegalArgumentException("--head-only keeps no checkpoints (a spread head trains in minutes): drop "
                    + (resume ? "--resume" : "--max-minutes") + " and run it whole");
        org.galaxyparams.app.TrainRequest r = request();
        TrainingOptions o = r.options();
        NetworkTrainer.refuseToReplace(o.outDir(), o.name(), overwrite, "");
        var card = new org.galaxyparams.train.SpreadHeadTrainer(new org.galaxyparams.train.SpreadHeadTrainer.Options(
                org.galaxyparams.estimate.ModelLocator.resolve(initFrom), o.data(), o.presetId(), o.name(), o.outDir(), r.steps(), r.batch(),
                r.learningRate(), r.validationSeed(), r.validation(), o.threads(), r.command() + " --head-only"), System.out)
                .run(() -> Thread.currentThread().isInterrupted());
        System.out.printf(Locale.ROOT, "Model: %s (%s), validation %s%n", o.outDir().resolve(card.weights()), card.sha256().substring(0, 12),
                card.validation());
        return 0;
    }
}

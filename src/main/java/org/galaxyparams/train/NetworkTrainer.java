package org.galaxyparams.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import org.galaxyparams.net.DjlRuntime;
import org.galaxyparams.net.GalaxyNetwork;
import org.galaxyparams.net.InputEncoding;
import org.galaxyparams.net.LabelScaling;
import org.galaxyparams.net.ModelCard;
import org.galaxyparams.net.Sha256;
import org.galaxyparams.net.XceptionConfig;
import org.galaxyparams.net.Architecture;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.UniformPrior;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.BooleanSupplier;

/**
 * Trains one network from the simulator: batches drawn on the fly in a background thread, a fixed
 * validation set, Adam with warm-up + cosine schedule, validation every few hundred steps with
 * checkpoint, best-model card, early stopping and a wall-time budget. Resumable across runs.
 */
public final class NetworkTrainer {
    private final TrainingOptions o;
    private final PrintStream log;
    private final InputEncoding enc;
    /** What the batches hold: the regressor's encoding, less the denoised plane when the denoiser trains inside the network. */
    private final InputEncoding feedEnc;
    private final LabelScaling labels = LabelScaling.STUDY_PRIOR;
    private final boolean denoiser;
    private CosineSchedule schedule;

    public NetworkTrainer(TrainingOptions options, PrintStream log) {
        this.o = options;
        this.log = log;
        this.denoiser = options.architecture().kind().isDenoiser();
        this.enc = options.encoding();
        this.feedEnc = options.jointDenoiser() ? enc.withoutDenoisedPlane() : enc;
    }

    public Path cardFile() { return o.outDir().resolve(o.name() + ".json"); }

    private Path checkpointDir() { return o.outDir().resolve("checkpoints"); }

    private Path lastParams() { return checkpointDir().resolve(o.name() + "-last.params"); }

    private Path stateFile() { return checkpointDir().resolve(o.name() + "-state.json"); }

    /**
     * Where the run stands: step reached, best validation loss (the training loss on the validation set, scaled
     * labels) and its step, wall seconds over all runs; null before the first checkpoint.
     */
    public record Progress(int step, double bestLoss, int bestStep, double wallSeconds, long samplesSeen, int staleValidations) {}

    public Progress progress() throws IOException {
        if (!Files.isRegularFile(stateFile())) return null;
        TrainingState s = TrainingState.read(stateFile());
        return new Progress(s.step(), s.bestLoss(), s.bestStep(), s.wallSeconds(), s.samplesSeen(), s.staleValidations());
    }

    private Path adamFile() { return checkpointDir().resolve(o.name() + "-adam.bin"); }

    /**
     * The weights and optimizer state of the checkpoint at {@code step}. They are written before the state file
     * that names the step, and the previous step's are deleted only after it, so a run killed at any moment
     * leaves a state file whose files are complete. (-last.params and -adam.bin are copies for people and for
     * checkpoints written before this layout.)
     */
    private Path stepParams(long step) { return stepFile(step, STEP_PARAMS); }

    private Path stepAdam(long step) { return stepFile(step, STEP_ADAM); }

    /** An autoencoder's decoder at a checkpoint (its encoder, the regressor, is in {@link #stepParams}). */
    private Path stepDecoder(long step) { return stepFile(step, STEP_DECODER); }

    /** A joint run's denoiser at a checkpoint (its regressor is in {@link #stepParams}). */
    private Path stepDenoiser(long step) { return stepFile(step, STEP_DENOISER); }

    /** What follows {@code NAME-stepN} in each file a checkpoint writes. */
    private static final String STEP_PARAMS = ".params", STEP_ADAM = "-adam.bin", STEP_DECODER = "-decoder.params",
            STEP_DENOISER = "-denoiser.params";

    /** The one spelling of a checkpoint's file names: {@code NAME-stepN} and a suffix. */
    private Path stepFile(long step, String suffix) { return checkpointDir().resolve(o.name() + "-step" + step + suffix); }

    /** Whether {@code fileName} is one of the files {@link #stepFile} names for this run, at any step. */
    private boolean isStepFile(String fileName) {
        String prefix = o.name() + "-step";
        if (!fileName.startsWith(prefix)) return false;
        String rest = fileName.substring(prefix.length());
        int digits = 0;
        while (digits < rest.length() && Character.isDigit(rest.charAt(digits))) digits++;
        String suffix = rest.substring(digits);
        return digits > 0 && List.of(STEP_PARAMS, STEP_ADAM, STEP_DECODER, STEP_DENOISER).contains(suffix);
    }

    /** A joint run's best denoiser, a model of its own ({@link TrainingOptions#jointDenoiserName}). */
    private Path jointDenoiserCard() { return o.outDir().resolve(o.jointDenoiserName() + ".json"); }

    /** The best autoencoder's decoder, beside the regressor it was trained with (not needed to estimate). */
    public Path decoderFile() { return o.outDir().resolve(o.name() + "-decoder.params"); }

    /** The block the optimiser trains: the regressor, or the autoencoder around it. */
    private Block trained;

    private Path resumeParams(long step) { return Files.isRegularFile(stepParams(step)) ? stepParams(step) : lastParams(); }

    private Path resumeAdam(long step) { return Files.isRegularFile(stepParams(step)) ? stepAdam(step) : adamFile(); }

    private Optimizer optimizer;
    /** The denoiser whose outputs the regressor learns from, or null. */
    private GalaxyNetwork inputDenoiser;
    /** Its card's file (a joint run starts the trained denoiser from its weights). */
    private Path inputDenoiserCard;
    /** A joint run's denoiser and regressor as one network, or null. */
    private JointPipeline joint;

    /** The samples as training uses them: with a denoiser in front, each with the denoiser's output for its stamp. */
    private List<TrainingSample> prepare(List<Sample> samples) {
        return TrainingSample.behind(o.jointDenoiser() ? null : inputDenoiser, samples, log::println);
    }

    /** The regressor whose mean over symmetric views is the training target (distillation), or null. */
    private GalaxyNetwork teacher;

    /**
     * The drawn training samples, prepared as {@link #prepare} does; with a teacher, each sample's labels become the
     * teacher's mean over its symmetric views of that stamp (the symmetries applied afterwards map them as they map
     * true labels). Validation keeps the true labels.
     */
    private List<TrainingSample> prepareTraining(List<Sample> samples) {
        List<TrainingSample> prepared = prepare(samples);
        if (teacher == null && posteriorTeacher == null) return prepared;
        List<GalaxyParams> targets = teacher != null ? teacherTargets(teacher, samples, o.teacherViews(), log::println)
                : posteriorTargets(posteriorTeacher, samples, enc.stampSize(), log::println);
        List<TrainingSample> relabelled = new java.util.ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            Sample s = prepared.get(i).sample();
            relabelled.add(new TrainingSample(new Sample(targets.get(i), s.psfFwhm(), s.sigma(), s.snr(), s.seed(), s.noisy(), s.noiseless(),
                    s.psf()), prepared.get(i).denoised()));
        }
        return relabelled;
    }

    /** The value of {@code --teacher} that asks for the posterior mean as the target (see {@link #posteriorTargets}). */
    public static final String POSTERIOR_TEACHER = "posterior";

    /** {@code --teacher posterior}: the bundle's posterior estimator around the routed default, or null. */
    private org.galaxyparams.estimate.ParameterEstimator posteriorTeacher;

    /**
     * The posterior mean of each sample's parameters given its noisy stamp, in original units; the true labels where the
     * estimator refuses a stamp (counted in the log).
     * <p>
     * Why: the regression minimises the squared error to the labels, whose minimiser is the posterior mean E[theta | x].
     * A true label scatters about that mean by the posterior's own spread (the floor of the RMSE), while the network's
     * distance from it is a few per cent of that floor: each drawn label is mostly noise about the function being learnt.
     * The posterior mean is the same target without that noise (Rao-Blackwellised), and the importance sampler
     * ({@code org.galaxyparams.posterior}) computes it exactly up to its Monte Carlo error. It costs about 0.1 s of a
     * core per stamp, so it pays only with {@code --augment}, where each drawn stamp serves eight steps' views.
     */
    static List<GalaxyParams> posteriorTargets(org.galaxyparams.estimate.ParameterEstimator posterior, List<Sample> samples, int size,
                                               java.util.function.Consumer<String> log) {
        List<org.galaxyparams.estimate.StampInput> inputs = new ArrayList<>(samples.size());
        for (Sample s : samples) inputs.add(org.galaxyparams.estimate.StampInput.of(s, size));
        List<org.galaxyparams.estimate.Estimate> est = posterior.estimate(inputs, () -> false, null);
        List<GalaxyParams> out = new ArrayList<>(samples.size());
        int refused = 0;
        for (int i = 0; i < samples.size(); i++) {
            GalaxyParams mean = est.get(i).ok() ? est.get(i).best() : null;
            if (mean == null) refused++;
            out.add(mean != null ? mean : samples.get(i).params());
        }
        if (refused > 0) log.accept(refused + " of " + samples.size() + " stamps got no posterior mean: their true labels are the targets");
        return out;
    }

    /** {@code teacher}'s mean over {@code views} symmetric views of each sample's noisy stamp, in original units. */
    static List<GalaxyParams> teacherTargets(GalaxyNetwork teacher, List<Sample> samples, int views, java.util.function.Consumer<String> warnings) {
        InputEncoding te = teacher.card().encoding();
        int n = samples.size(), per = teacher.outputSize();
        float[] in = new float[n * te.channels() * te.stampSize() * te.stampSize()];
        for (int i = 0; i < n; i++) te.encode(samples.get(i).noisy(), samples.get(i).psfFwhm(), samples.get(i).sigma(), in, i);
        float[] mean = org.galaxyparams.net.SymmetryViews.forwardMean(teacher, in, n, views, warnings);
        List<GalaxyParams> out = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(GalaxyParams.of(teacher.card().labels().unscale(mean, i * per)));
        return out;
    }

    /**
     * A validation loss this many times the best so far means the run has collapsed, not wandered: the shipped runs'
     * validation loss scatters by at most +-30 % between checkpoints, and a regressor that gives every stamp the same
     * answer scores 0.33 on labels uniform in [-1, 1], 5x the default's best. (The unshuffle-entry run of 2026-12-01
     * jumped from 0.065 to 0.89 within 200 steps and never came back.)
     */
    static final double COLLAPSE_FACTOR = 4;
    /** Collapses in a row (no good checkpoint between them) at which the run stops and asks for a lower rate. */
    static final int MAX_ROLLBACKS = 3;
    /**
     * The learning rate's linear warm-up: 300 steps, or a fifth of a shorter schedule, so that a short run (a quick
     * fine-tune) still reaches its peak rate and decays. Every run of 1,500 steps or more keeps its 300.
     */
    static int warmupSteps(int totalSteps) { return Math.max(1, Math.min(300, totalSteps / 5)); }

    /** Steps before which no collapse is judged: the warm-up, and BatchNorm's running statistics still settling. */
    private int collapseCheckFrom = 600;
    /** Set by a validation that found a collapse: why, for the log and for the error after too many. */
    private String collapse;
    private int rollbacksInARow;
    /** When {@link #run} began: the time budget counts from here across rollbacks. */
    private long budgetStart;
    /** The fixed validation set, once drawn. */
    private List<TrainingSample> validationSet;
    /** The {@code --init-from} model, once read (null without one). */
    private StartingModel startedFrom;
    /** Tests only: called after each optimiser step with the trained block and the step reached. */
    private java.util.function.ObjIntConsumer<Block> afterStep = (b, step) -> {};

    /** Tests only: judge collapses from this step on (tiny runs are shorter than the warm-up). */
    void collapseCheckFrom(int step) { this.collapseCheckFrom = step; }

    /** Tests only: a hook after each optimiser step (to break the weights as a bad batch would). */
    void afterStep(java.util.function.ObjIntConsumer<Block> hook) { this.afterStep = hook; }

    /**
     * Runs until the schedule ends, early stopping, the time budget or {@code cancelled}; returns the best card. A
     * collapse (see {@link #COLLAPSE_FACTOR}) writes no checkpoint: the run goes back to the last one, exactly as a
     * {@code --resume} would, but with the training stream where it had got to, so the batches that led to the
     * collapse are not replayed. After {@link #MAX_ROLLBACKS} in a row it stops with the reason.
     */
    public ModelCard run(BooleanSupplier cancelled) throws IOException, InterruptedException {
        budgetStart = System.nanoTime();
        try {
            ModelCard card = runOnce(o.resume(), cancelled);
            while (collapse != null) {
                if (++rollbacksInARow >= MAX_ROLLBACKS)
                    throw new IOException(o.name() + " collapsed " + MAX_ROLLBACKS + " times in a row (last: " + collapse + "). Its last good"
                            + " checkpoint is kept: --resume with a lower --lr (or --max-minutes to stop before the step it collapses at).");
                collapse = null;
                card = runOnce(true, cancelled);
            }
            return card;
        } finally {
            if (inputDenoiser != null) inputDenoiser.close();
            if (teacher != null) teacher.close();
        }
    }

    private ModelCard runOnce(boolean resume, BooleanSupplier cancelled) throws IOException, InterruptedException {
        Files.createDirectories(checkpointDir());
        DjlRuntime.configureThreads(o.threads());
        DjlRuntime.engine();
        TrainingState state = resume && Files.isRegularFile(stateFile()) ? TrainingState.read(stateFile()) : TrainingState.START;
        if (state.step() >= o.totalSteps()) {
            log.println("Training of " + o.name() + " already reached step " + state.step() + " of " + o.totalSteps() + ".");
            return ModelCard.read(cardFile());
        }
        if (POSTERIOR_TEACHER.equals(o.teacher()) && posteriorTeacher == null) {
            posteriorTeacher = org.galaxyparams.estimate.ModelCache.forRun(null, "none", "cpu", org.galaxyparams.estimate.EstimateMethod.POSTERIOR,
                    org.galaxyparams.posterior.PriorBox.NONE, 1, log::println);
            if (posteriorTeacher.stampSize() != enc.stampSize())
                throw new IOException("--teacher posterior samples around " + posteriorTeacher.provenance() + ", which takes "
                        + posteriorTeacher.stampSize() + "-pixel stamps; this run draws " + enc.stampSize() + "-pixel ones. Train at the"
                        + " shipped stamp size, or teach with a network of this size (--teacher MODEL)");
            log.println("Targets: the posterior mean of each drawn stamp (" + posteriorTeacher.provenance() + ")");
        } else if (o.teacher() != null && teacher == null) {
            teacher = GalaxyNetwork.load(org.galaxyparams.estimate.ModelLocator.resolve(o.teacher()), ai.djl.Device.cpu());
            ModelCard tc = teacher.card();
            String unlike = tc.isDenoiser() ? "it is a denoiser" : tc.inputDenoiser() != null ? "it runs behind a denoiser"
                    : !java.util.Objects.equals(tc.labels(), labels) ? "its labels are scaled otherwise" : null;
            if (unlike != null) throw new IOException("--teacher " + o.teacher() + " cannot teach this regressor: " + unlike);
            log.printf(Locale.ROOT, "Targets: %s's mean over %d symmetric views of each drawn stamp%n", tc.name(), o.teacherViews());
        }
        if (state.step() > 0) refuseOtherRun();
        else {
            refuseToReplace();
            if (o.keepCheckpoints()) clearEarlierSnapshots();
        }
        // with Adam's moments saved, the optimizer's own update count carries the schedule; without, count from the step
        boolean exact = state.step() > 0 && Files.isRegularFile(resumeAdam(state.step()));
        long runStart = System.nanoTime();
        if (o.initFrom() != null && startedFrom == null) startedFrom = startingModel(state.step() > 0);
        log.printf(Locale.ROOT, "Validation set: %d images of %s, seed %d%n", o.validationSize(), o.presetId(), o.validationSeed());
        // loaded in a joint run too, though only its card and weights are used there: loading checks the weights' hash,
        // which the regressor's card then quotes as where the trained denoiser started
        if (inputDenoiser == null && o.inputDenoiser() != null) {
            inputDenoiserCard = org.galaxyparams.estimate.ModelLocator.resolve(org.galaxyparams.estimate.ModelLocator.denoiserName(o.inputDenoiser()));
            inputDenoiser = GalaxyNetwork.load(inputDenoiserCard, ai.djl.Device.cpu());
        }
        if (inputDenoiser != null && !inputDenoiser.card().isDenoiser())
            throw new IOException(o.inputDenoiser() + " is a regressor, not a denoiser");
        // drawn once per trainer: a rollback after a collapse reuses it
        if (validationSet == null) validationSet = prepare(new SampleStream(o.data().withSeed(o.validationSeed()).withOutputs(true, false), 0).take(o.validationSize()));
        List<TrainingSample> validation = validationSet;
        Block block = o.architecture().build();
        int s = enc.stampSize();
        Shape inputShape = new Shape(o.batch(), enc.channels(), s, s);
        try (Model model = Model.newInstance(o.name(), ai.djl.Device.cpu(), DjlRuntime.ENGINE)) {
            joint = o.jointDenoiser() ? new JointPipeline(inputDenoiser.card().architecture().build(), block, inputDenoiser.card().encoding(), enc) : null;
            trained = o.autoencoder() ? new ConditionalAutoencoder(block, GalaxyParams.LABELS.length, s) : joint != null ? joint : block;
            model.setBlock(trained);
            schedule = new CosineSchedule(o.learningRate(), o.finalLearningRateFraction(), o.totalSteps(), warmupSteps(o.totalSteps()), exact ? 0 : state.step());
            optimizer = adam(schedule, denoiser);
            DefaultTrainingConfig config = o.autoencoder()
                    ? new DefaultTrainingConfig(new AutoencoderLoss((float) o.reconstructionWeight())).optOptimizer(optimizer)
                    : config(optimizer, denoiser, outputs(), o.labelWeights());
            try (Trainer trainer = model.newTrainer(config)) {
                // the initial weights follow the training seed, so a run is reproducible end to end
                DjlRuntime.engine().setRandomSeed((int) (o.data().seed() ^ (o.data().seed() >>> 32)));
                trainer.initialize(new Shape(o.batch(), feedEnc.channels(), s, s));
                Shape denoiserShape = new Shape(o.batch(), InputEncoding.CHANNELS, s, s);
                if (state.step() == 0 && joint != null) {
                    ModelCard d = inputDenoiser.card();
                    copyWeightsInPlace(joint.denoiser(), d.architecture(), denoiserShape, inputDenoiserCard.toAbsolutePath().getParent().resolve(d.weights()));
                    log.println("The denoiser trains with the regressor (end to end), from the weights of " + d.name() + " ("
                            + d.sha256().substring(0, 12) + "); saved as " + o.jointDenoiserName());
                }
                if (state.step() == 0 && o.initFrom() != null) {
                    ModelCard from = startedFrom.card();
                    Path fromWeights = startedFrom.file().toAbsolutePath().getParent().resolve(from.weights());
                    int added = NetworkDeepening.deepens(from.architecture(), o.architecture())
                            ? o.architecture().xception().blocks() - from.architecture().xception().blocks() : 0;
                    if (added > 0) copyDeepenedInPlace(block, from.architecture(), inputShape, fromWeights, added);
                    else copyWeightsInPlace(block, from.architecture(), inputShape(from.architecture(), inputShape), fromWeights, planeSplit());
                    log.println("Starting from the weights of " + from.name() + " (" + from.sha256().substring(0, 12) + ")"
                            + (added > 0 ? "; " + added + " residual block(s) appended, each starting as the identity" : "")
                            + (o.denoisedPlaneShare() > 0 ? String.format(java.util.Locale.ROOT, "; the denoised plane takes %.3g of"
                            + " the weights on plane %d", o.denoisedPlaneShare(), planeSplit().mirrored()) : ""));
                }
                if (state.step() > 0) {
                    copyWeightsInPlace(block, o.architecture(), inputShape, resumeParams(state.step()));
                    if (joint != null) {
                        Path d = stepDenoiser(state.step());
                        if (!Files.isRegularFile(d))
                            throw new IOException("Cannot resume " + o.name() + ": its denoiser checkpoint " + d + " is missing");
                        copyWeightsInPlace(joint.denoiser(), inputDenoiser.card().architecture(), denoiserShape, d);
                    }
                    if (trained instanceof ConditionalAutoencoder ae) {
                        Path decoder = stepDecoder(state.step());
                        if (!Files.isRegularFile(decoder))
                            throw new IOException("Cannot resume " + o.name() + ": its decoder checkpoint " + decoder + " is missing");
                        copyInPlace(ae.decoder(), ConditionalAutoencoder.decoder(s), new Shape(o.batch(), ConditionalAutoencoder.codeSize(5)), decoder);
                    }
                    if (exact) {
                        Path adam = resumeAdam(state.step());
                        int count = AdamState.load(optimizer, trained, model.getNDManager(), adam);
                        if (count != state.step())
                            throw new IOException("Optimizer state " + adam + " is at step " + count + " but the checkpoint at step "
                                    + state.step() + ": the files come from different runs; delete " + adam.getFileName() + " to resume without it");
                    }
                    log.printf(Locale.ROOT, "Resumed %s at step %d (best validation loss %.5g at step %d)%s%n",
                            o.name(), state.step(), state.bestLoss(), state.bestStep(),
                            exact ? ", with Adam's moments" : "; no optimizer state saved: Adam's moments restart at zero");
                }
                state = loop(model, trainer, block, validation, state, runStart, cancelled);
            }
        }
        return ModelCard.read(cardFile());
    }

    /** Adam with this bundle's learning-rate schedule; denoisers clip gradients at 0.5. */
    static Optimizer adam(ai.djl.training.tracker.Tracker schedule, boolean denoiser) {
        return Optimizer.adam().optLearningRateTracker(schedule).optClipGrad(denoiser ? 0.5f : -1f).build();
    }

    /**
     * The loss (L1 on the noiseless stamp for denoisers, L2 on scaled labels for regressors, L2 plus the Gaussian
     * likelihood of the spread for regressors that predict their errors) and optimiser.
     */
    static DefaultTrainingConfig config(Optimizer optimizer, boolean denoiser, int outputs) {
        return config(optimizer, denoiser, outputs, LabelWeights.EQUAL);
    }

    /** {@link #config(Optimizer, boolean, int)} with a regressor's labels weighted in its L2 term. */
    static DefaultTrainingConfig config(Optimizer optimizer, boolean denoiser, int outputs, LabelWeights weights) {
        Loss loss = denoiser ? Loss.l1Loss() : outputs == 2 * GalaxyParams.LABELS.length ? new MeanAndSpreadLoss(1f, weights)
                : weights.isEqual() ? Loss.l2Loss() : new WeightedL2Loss(weights);
        return new DefaultTrainingConfig(loss).optOptimizer(optimizer);
    }

    /** The denoised plane mirrors the noisy stamp's own plane of the same units: the asinh plane (3) when there is one, else the image (0). */
    private PlaneSplit planeSplit() {
        return o.denoisedPlaneShare() > 0 ? new PlaneSplit(o.denoisedPlaneShare(), o.encoding().asinhSoftening() > 0 ? 3 : 0) : PlaneSplit.NONE;
    }

    /** Values per stamp the network outputs (regressors: 5 labels, or 10 with their spreads). */
    private int outputs() { return denoiser ? 0 : o.architecture().xception().outputs(); }

    /**
     * Copies the checkpoint's weights into the arrays the trainer already holds. Loading into the block itself
     * would give its parameters new arrays while the trainer's parameter store keeps updating the ones it took
     * at {@code initialize}: the run would train the fresh initial weights and checkpoint the loaded ones, frozen.
     */
    static void copyWeightsInPlace(Block block, Architecture savedAs, Shape savedShape, Path weights) throws IOException {
        copyInPlace(block, savedAs.build(), savedShape, weights, PlaneSplit.NONE);
    }

    /** {@link #copyWeightsInPlace} into a network with more input planes, the new plane's weights started by {@code split}. */
    static void copyWeightsInPlace(Block block, Architecture savedAs, Shape savedShape, Path weights, PlaneSplit split) throws IOException {
        copyInPlace(block, savedAs.build(), savedShape, weights, split);
    }

    /** {@link #copyWeightsInPlace} for any block: {@code saved} is a fresh block of the layout the file was written from. */
    static void copyInPlace(Block block, Block saved, Shape savedShape, Path weights) throws IOException {
        copyInPlace(block, saved, savedShape, weights, PlaneSplit.NONE);
    }

    /**
     * How a new input plane's first-layer weights start when a network is widened by one plane: it takes the fraction
     * {@code share} of the weights of plane {@code mirrored}, which keeps the rest. The first convolution is linear in its
     * input, so W_m * M becomes W_m * ((1 - share) M + share N): the widened network starts as the saved one looking at
     * a blend of the mirrored plane M and the new plane N. When N is a cleaner version of M (the denoised stamp's asinh
     * plane beside the noisy stamp's), that is near the saved network's function, and the new plane is used from the
     * first step instead of waiting for its weights to grow from zero. {@code share} 0 gives the new plane zero weights:
     * exactly the saved function.
     */
    record PlaneSplit(double share, int mirrored) {
        static final PlaneSplit NONE = new PlaneSplit(0, 0);
    }

    /**
     * {@link #copyWeightsInPlace} into a network with {@code added} more residual blocks than {@code savedAs}, which
     * start as the identity ({@link NetworkDeepening}).
     */
    static void copyDeepenedInPlace(Block block, Architecture savedAs, Shape savedShape, Path weights, int added) throws IOException {
        withSavedWeights(savedAs.build(), savedShape, weights, saved -> NetworkDeepening.copy(saved, block, savedAs.xception().blocks(), added));
    }

    /** Loads {@code weights} into the fresh block {@code saved} and hands it to {@code copy} while its arrays live. */
    private static void withSavedWeights(Block saved, Shape savedShape, Path weights, java.util.function.Consumer<Block> copy) throws IOException {
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu(), DjlRuntime.ENGINE);
             DataInputStream in = new DataInputStream(Files.newInputStream(weights))) {
            saved.initialize(m, DataType.FLOAT32, savedShape);
            saved.loadParameters(m, in);
            copy.accept(saved);
        } catch (ai.djl.MalformedModelException e) {
            throw new IOException("Weights " + weights + " do not fit this architecture: " + e.getMessage(), e);
        }
    }

    private static void copyInPlace(Block block, Block saved, Shape savedShape, Path weights, PlaneSplit split) throws IOException {
        withSavedWeights(saved, savedShape, weights, loaded -> {
            var from = loaded.getParameters();
            var to = block.getParameters();
            for (int i = 0; i < to.size(); i++) {
                NDArray target = to.get(i).getValue().getArray();
                NDArray source = from.get(i).getValue().getArray();
                Shape sh = source.getShape(), th = target.getShape();
                target.set(sh.equals(th) ? source.toFloatArray() : sh.dimension() == 4 ? widen(source.toFloatArray(), sh, th, split)
                        : withSpreadRows(source.toFloatArray(), sh, th));
            }
        });
    }

    /** Whether {@code to} is {@code from} with more input planes (a regressor given a denoised plane besides its own). */
    static boolean widensInput(Architecture from, Architecture to) {
        if (from == null || from.xception() == null || to.xception() == null) return false;
        XceptionConfig a = from.xception(), b = to.xception();
        return b.inputChannels() > a.inputChannels() && b.equals(a.withInputChannels(b.inputChannels()));
    }

    /** Whether {@code to} is {@code from} with a spread output per label (a regressor that learns its error bars). */
    static boolean addsSpreads(Architecture from, Architecture to) {
        if (from == null || from.xception() == null || to.xception() == null) return false;
        XceptionConfig a = from.xception(), b = to.xception();
        return a.outputs() == GalaxyParams.LABELS.length && b.outputs() == 2 * a.outputs() && b.equals(a.withOutputs(b.outputs()));
    }

    private static Shape inputShape(Architecture a, Shape like) {
        return new Shape(like.get(0), a.inputChannels(), like.get(2), like.get(3));
    }

    /**
     * The first convolution's weights (out, in, k, k) for more input planes: the saved ones for the planes it had,
     * zeros for the new ones, so the widened network starts out computing exactly what the saved one did; or, with a
     * {@link PlaneSplit} share, one new plane taking that share of the mirrored plane's weights.
     */
    static float[] widen(float[] w, Shape from, Shape to, PlaneSplit split) {
        if (from.dimension() != 4 || to.dimension() != 4 || from.get(0) != to.get(0) || from.get(2) != to.get(2)
                || from.get(3) != to.get(3) || from.get(1) > to.get(1))
            throw new IllegalArgumentException("weights of shape " + from + " cannot start a layer of shape " + to);
        int out = (int) to.get(0), inFrom = (int) from.get(1), inTo = (int) to.get(1), kk = (int) (to.get(2) * to.get(3));
        float[] r = new float[out * inTo * kk];
        for (int o = 0; o < out; o++)
            System.arraycopy(w, o * inFrom * kk, r, o * inTo * kk, inFrom * kk);
        if (split.share() > 0) {
            if (inTo != inFrom + 1 || split.mirrored() < 0 || split.mirrored() >= inFrom)
                throw new IllegalArgumentException("a plane split starts one new plane from one of the " + inFrom + " saved ones, not "
                        + (inTo - inFrom) + " from plane " + split.mirrored());
            float keep = (float) (1 - split.share()), give = (float) split.share();
            for (int o = 0; o < out; o++) {
                int m = (o * inTo + split.mirrored()) * kk, n = (o * inTo + inFrom) * kk;
                for (int k = 0; k < kk; k++) {
                    float v = r[m + k];
                    r[n + k] = give * v;
                    r[m + k] = keep * v;
                }
            }
        }
        return r;
    }

    /** Initial log-spread (scaled units) of a new spread head: e^-3 = 5 % of a label's half range, near the errors. */
    static final float START_LOG_SPREAD = -3f;

    /**
     * The last layer's weights (out, in) or bias (out) with rows for the spread outputs added: the saved rows for the
     * means, zero weights and a bias of {@link #START_LOG_SPREAD} for the spreads, so the means start exactly where
     * the saved network's were.
     */
    private static float[] withSpreadRows(float[] w, Shape from, Shape to) {
        if (from.dimension() != to.dimension() || from.dimension() > 2 || to.get(0) <= from.get(0)
                || (from.dimension() == 2 && from.get(1) != to.get(1)))
            throw new IllegalArgumentException("weights of shape " + from + " cannot start a layer of shape " + to);
        float[] r = new float[(int) to.size()];
        System.arraycopy(w, 0, r, 0, w.length);
        if (from.dimension() == 1) java.util.Arrays.fill(r, w.length, r.length, START_LOG_SPREAD);
        return r;
    }

    /** The model whose weights a run starts from ({@code --init-from}): its card, where it was read, and its name@hash for the card. */
    private record StartingModel(ModelCard card, Path file, String label) {}

    /**
     * The {@code --init-from} model, read and checked before anything is drawn. A resumed run names the model its card
     * already names (the file may have changed since); its weights are not read again.
     */
    private StartingModel startingModel(boolean resumed) throws IOException {
        if (resumed && Files.isRegularFile(cardFile())) {
            ModelCard.TrainingRecord t = ModelCard.read(cardFile()).training();
            if (t != null && t.startedFrom() != null) return new StartingModel(null, null, t.startedFrom());
        }
        Path file;
        ModelCard from;
        try {
            file = org.galaxyparams.estimate.ModelLocator.resolve(o.initFrom());
            from = ModelCard.read(file);
        } catch (IOException | IllegalArgumentException gone) {
            if (resumed) return new StartingModel(null, null, o.initFrom() + " (not found when resumed)");
            throw gone;
        }
        if (!resumed && !o.architecture().equals(from.architecture()) && !widensInput(from.architecture(), o.architecture())
                && !addsSpreads(from.architecture(), o.architecture()) && !NetworkDeepening.deepens(from.architecture(), o.architecture()))
            throw new IOException(ShapeDifference.initFromMessage(o.initFrom(), from.architecture(), o.architecture(),
                    from.training() == null ? null : from.training().command()));
        return new StartingModel(from, file, from.name() + "@" + (from.sha256() == null ? "unhashed" : from.sha256().substring(0, 12)));
    }

    /** A fresh run never replaces an existing model (a shipped one above all) unless asked to. */
    private void refuseToReplace() throws IOException {
        refuseToReplace(o.outDir(), o.name(), o.overwrite(), "resume (--resume) to continue its training, ");
        if (o.jointDenoiser()) refuseToReplace(o.outDir(), o.jointDenoiserName(), o.overwrite(), "rename the run's denoiser (after the '+'), ");
    }

    /**
     * A fresh run that keeps its checkpoints must not find another run's under its name: a weight average over
     * {@code NAME-step*.params} would silently mix the two. With --overwrite they are deleted; otherwise refused.
     */
    private void clearEarlierSnapshots() throws IOException {
        List<Path> earlier;
        try (var files = Files.list(checkpointDir())) {
            earlier = files.filter(f -> isStepFile(f.getFileName().toString())).sorted().toList();
        }
        if (earlier.isEmpty()) return;
        if (!o.overwrite())
            throw new IOException(earlier.size() + " checkpoint file(s) of an earlier run named " + o.name() + " are in " + checkpointDir()
                    + " (" + earlier.get(0).getFileName() + " ...): with --keep-checkpoints an average of " + o.name()
                    + "-step*.params would mix the two runs. Give another --name, --resume that run, or --overwrite to delete them.");
        for (Path f : earlier) Files.delete(f);
        log.println("Deleted " + earlier.size() + " checkpoint file(s) of an earlier run named " + o.name() + " (--overwrite)");
    }

    /** The rule for every training that writes a model: no existing card or weights replaced without --overwrite. */
    public static void refuseToReplace(Path outDir, String name, boolean overwrite, String resumeHint) throws IOException {
        Path card = outDir.resolve(name + ".json");
        if (overwrite || !(Files.exists(card) || Files.exists(outDir.resolve(name + ".params")))) return;
        throw new IOException("A model named " + name + " already exists in " + outDir + " (" + card.getFileName()
                + "): give another name (--name), " + resumeHint + "or overwrite (--overwrite) to replace it.");
    }

    /** A resume must continue the same network on the same prior: refuses a checkpoint of another run, saying why. */
    private void refuseOtherRun() throws IOException {
        if (!Files.isRegularFile(cardFile())) return;
        ModelCard card = ModelCard.read(cardFile());
        String why = null;
        if (!card.architecture().equals(o.architecture()))
            why = "it was trained as " + card.architecture() + ", this run asks for " + o.architecture();
        else if (!card.encoding().equals(enc))
            why = "its input encoding is " + card.encoding() + ", this run's is " + enc;
        else if (card.prior() != null && !o.presetId().equals(card.prior().preset()))
            why = "it was trained on prior " + card.prior().preset() + ", this run asks for " + o.presetId();
        else if (card.training() != null && card.training().loss() != null && !card.training().loss().equals(lossDescription()))
            why = "it was trained with the loss \"" + card.training().loss() + "\", this run's is \"" + lossDescription() + "\""
                    + (o.autoencoder() || card.training().loss().contains("autoencoder") ? " (--network autoencoder and --reconstruction-weight"
                    + " must be as in the first run)" : "");
        if (why == null && (card.inputDenoiser() != null) != (o.inputDenoiser() != null))
            why = card.inputDenoiser() != null ? "it was trained behind the denoiser " + card.inputDenoiser().tag() + ", this run behind none"
                    : "it was trained on plain stamps, this run behind the denoiser " + o.inputDenoiser();
        if (why == null && card.training() != null) why = otherDraws(card.training());
        if (why != null)
            throw new IOException("Cannot resume " + o.name() + ": " + why + ". Give another --name, or drop --resume to start afresh.");
    }

    /**
     * The options of a resume that differ from the run's first part in what it draws or how it steps (the card would
     * then record them as the whole run's, and the best loss would compare other validation sets), or null. --steps
     * and --lr may change: a resume can continue a finished schedule, or go on at a lower rate after a divergence.
     */
    private String otherDraws(ModelCard.TrainingRecord t) {
        List<String> d = new ArrayList<>();
        if (t.trainSeed() != o.data().seed()) d.add("--seed " + t.trainSeed() + " (this run " + o.data().seed() + ")");
        if (t.validationSeed() != o.validationSeed()) d.add("--validation-seed " + t.validationSeed() + " (this run " + o.validationSeed() + ")");
        if (t.validationSize() > 0 && t.validationSize() != o.validationSize())
            d.add("--validation " + t.validationSize() + " (this run " + o.validationSize() + ")");
        if (t.batchSize() > 0 && t.batchSize() != o.batch()) d.add("--batch " + t.batchSize() + " (this run " + o.batch() + ")");
        if (t.schedule() != null && t.schedule().contains("8 square symmetries") != o.augment())
            d.add(o.augment() ? "no --augment (this run with it)" : "--augment (this run without it)");
        return d.isEmpty() ? null : "it was trained with " + String.join(", ", d);
    }

    private TrainingState loop(Model model, Trainer trainer, Block block, List<TrainingSample> validation, TrainingState start,
                               long runStart, BooleanSupplier cancelled) throws IOException, InterruptedException {
        BatchSource source = new BatchSource(o.data(), o.batch(), o.augment(), start.nextCandidate(), start.step(), this::prepareTraining);
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(4);
        // stopped by a flag, not an interrupt (which would land inside the simulator's FFT threads); a failure in
        // this thread is handed to the training loop instead of leaving it waiting for a batch that never comes
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread producer = new Thread(() -> {
            try {
                while (!stop.get()) {
                    BatchSource.Item b = source.next();
                    Object item = new Object[] {TrainingBatch.of(b.samples(), feedEnc, labels, denoiser, o.autoencoder()), b.resumeCandidate()};
                    while (!stop.get() && !queue.offer(item, 200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                        // the training loop is busy: wait
                    }
                }
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                failure.set(e);
            }
        }, "galaxy-params-training-data");
        producer.setDaemon(true);
        producer.start();
        TrainingState st = new TrainingState(start.step(), start.nextCandidate(), start.samplesSeen(), start.bestLoss(),
                start.bestStep(), start.staleValidations(), start.wallSeconds(), start.runs() + 1);
        double ema = Double.NaN;
        long lastLine = System.nanoTime();
        int stepsThisRun = 0;
        String stopReason = "schedule complete";
        boolean diverged = false;
        try {
            while (st.step() < o.totalSteps()) {
                if (cancelled.getAsBoolean()) { stopReason = "cancelled"; break; }
                double minutes = (System.nanoTime() - budgetStart) / 6e10;
                if (o.maxMinutes() > 0 && minutes >= o.maxMinutes()) { stopReason = "time budget of " + o.maxMinutes() + " min"; break; }
                Object[] item = nextBatch(queue, failure);
                TrainingBatch b = (TrainingBatch) item[0];
                float loss = step(trainer, b);
                afterStep.accept(trained, st.step() + 1);
                if (!Float.isFinite(loss)) {
                    diverged = true;
                    stopReason = "non-finite loss at step " + (st.step() + 1) + " (lower --lr)";
                    break;
                }
                ema = Double.isNaN(ema) ? loss : 0.98 * ema + 0.02 * loss;
                stepsThisRun++;
                st = new TrainingState(st.step() + 1, (Long) item[1], st.samplesSeen() + b.size(), st.bestLoss(), st.bestStep(),
                        st.staleValidations(), st.wallSeconds(), st.runs());
                long now = System.nanoTime();
                if (now - lastLine > 30e9) {
                    lastLine = now;
                    double secs = (now - runStart) / 1e9;
                    double rate = stepsThisRun / secs;
                    log.printf(Locale.ROOT, "%s step %d/%d  loss %.5f  lr %.2e  %.0f img/s  ETA %s%n", o.name(), st.step(),
                            o.totalSteps(), ema, schedule.getNewValue(st.step() - schedule.offset()),
                            rate * o.batch(), eta((o.totalSteps() - st.step()) / Math.max(rate, 1e-9)));
                }
                if (st.step() % o.validateEvery() == 0 || st.step() == o.totalSteps()) {
                    st = validate(model, block, validation, st, runStart);
                    if (collapse != null) { stopReason = "collapse (" + collapse + ")"; break; }
                    if (st.staleValidations() >= o.patience()) { stopReason = "early stopping (patience " + o.patience() + ")"; break; }
                }
            }
        } finally {
            stop.set(true);
            producer.join(60_000); // it may be inside a denoiser pass, which must end before the denoiser closes
        }
        // after divergence the weights are not finite: keep the last checkpoint and the best model as they are
        if (!diverged && collapse == null && st.step() % o.validateEvery() != 0) st = validate(model, block, validation, st, runStart);
        log.printf(Locale.ROOT, "%s stopped at step %d: %s. Best validation loss %.5g at step %d.%n", o.name(), st.step(),
                stopReason, st.bestLoss(), st.bestStep());
        // a failed run must not end as a finished one (exit code 0, "Best model ...")
        if (diverged)
            throw new IOException("Training of " + o.name() + " diverged: " + stopReason + ". The last checkpoint and the best model"
                    + (st.bestStep() > 0 ? " (step " + st.bestStep() + ")" : "") + " are kept as they were: --resume with a lower --lr.");
        return st;
    }

    /** The next batch from the data thread, or its failure as an exception. */
    private static Object[] nextBatch(BlockingQueue<Object> queue, java.util.concurrent.atomic.AtomicReference<Throwable> failure)
            throws IOException, InterruptedException {
        while (true) {
            Object item = queue.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (item != null) return (Object[]) item;
            Throwable t = failure.get();
            if (t != null)
                throw new IOException("The training data thread failed: " + (t.getMessage() == null ? t.toString() : t.getMessage())
                        + ". The last checkpoint is kept; fix the cause and --resume.", t);
        }
    }

    private float step(Trainer trainer, TrainingBatch b) { return step(trainer, b, feedEnc, denoiser); }

    /** One optimiser step on {@code b}; returns the batch loss. An autoencoder's batch carries its noiseless stamps. */
    static float step(Trainer trainer, TrainingBatch b, InputEncoding enc, boolean denoiser) {
        int s = enc.stampSize();
        try (NDManager m = trainer.getManager().newSubManager()) {
            NDArray x = m.create(b.inputs(), new Shape(b.size(), enc.channels(), s, s));
            NDArray y = denoiser ? m.create(b.targets(), new Shape(b.size(), 1, s, s)) : m.create(b.targets(), new Shape(b.size(), 5));
            NDList targets = b.images() == null ? new NDList(y) : new NDList(y, m.create(b.images(), new Shape(b.size(), 1, s, s)));
            float loss;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList pred = trainer.forward(new NDList(x));
                NDArray l = trainer.getLoss().evaluate(targets, pred);
                gc.backward(l);
                loss = l.getFloat();
            }
            trainer.step();
            return loss;
        }
    }

    /** Validates, checkpoints, and writes the best model and its card when the loss improved. */
    private TrainingState validate(Model model, Block block, List<TrainingSample> validation, TrainingState st, long runStart) throws IOException {
        Map<String, Double> metrics = evaluate(model, block, validation);
        double loss = metrics.remove("loss");
        boolean better = loss < st.bestLoss();
        double wall = st.wallSeconds() + (System.nanoTime() - runStart) / 1e9;
        if (st.step() >= collapseCheckFrom && Double.isFinite(st.bestLoss()) && loss > COLLAPSE_FACTOR * st.bestLoss()
                && Files.isRegularFile(stateFile())) {
            // no checkpoint of these weights: the last one stays, with the stream moved on past the batches since
            TrainingState last = TrainingState.read(stateFile());
            new TrainingState(last.step(), st.nextCandidate(), st.samplesSeen(), last.bestLoss(), last.bestStep(), last.staleValidations(),
                    wall, last.runs()).write(stateFile());
            collapse = String.format(Locale.ROOT, "validation loss %.5g at step %d, %.0fx the best, %.5g at step %d", loss, st.step(),
                    loss / st.bestLoss(), st.bestLoss(), st.bestStep());
            log.printf(Locale.ROOT, "%s validation at step %d: loss %.5g, %.0fx the best (%.5g at step %d): the training collapsed."
                            + " Back to the checkpoint of step %d, with the training images that follow step %d's (the batches that led"
                            + " here are not replayed)%n", o.name(), st.step(), loss, loss / st.bestLoss(), st.bestLoss(), st.bestStep(),
                    last.step(), st.step());
            return st;
        }
        rollbacksInARow = 0;
        TrainingState next = new TrainingState(st.step(), st.nextCandidate(), st.samplesSeen(), better ? loss : st.bestLoss(),
                better ? st.step() : st.bestStep(), better ? 0 : st.staleValidations() + 1, st.wallSeconds(), st.runs());
        GalaxyNetwork.saveParameters(block, stepParams(st.step()));
        if (trained instanceof ConditionalAutoencoder ae) GalaxyNetwork.saveParameters(ae.decoder(), stepDecoder(st.step()));
        if (joint != null) GalaxyNetwork.saveParameters(joint.denoiser(), stepDenoiser(st.step()));
        AdamState.save(optimizer, trained, stepAdam(st.step()));
        if (better) {
            Path weights = o.outDir().resolve(o.name() + ".params");
            // a joint run's denoiser first: the regressor's card names its weights' hash
            ModelCard.DenoiserRecord front = joint == null ? null : saveJointDenoiser(next, wall, metrics);
            GalaxyNetwork.saveParameters(block, weights);
            if (trained instanceof ConditionalAutoencoder ae) GalaxyNetwork.saveParameters(ae.decoder(), decoderFile());
            card(Sha256.of(weights), next, wall, metrics, front).write(cardFile());
        }
        // wall time is accounted in the state only at the checkpoint: the state written holds the total so far
        TrainingState previous = Files.isRegularFile(stateFile()) ? TrainingState.read(stateFile()) : null;
        new TrainingState(next.step(), next.nextCandidate(), next.samplesSeen(), next.bestLoss(), next.bestStep(),
                next.staleValidations(), wall, next.runs()).write(stateFile());
        // the state now names this step: the copies for people, then the previous step's files go
        org.galaxyparams.io.OutputFile.copy(stepParams(st.step()), lastParams());
        org.galaxyparams.io.OutputFile.copy(stepAdam(st.step()), adamFile());
        if (previous != null && previous.step() != st.step()) {
            if (!o.keepCheckpoints()) Files.deleteIfExists(stepParams(previous.step()));
            Files.deleteIfExists(stepAdam(previous.step()));
            Files.deleteIfExists(stepDecoder(previous.step()));
            Files.deleteIfExists(stepDenoiser(previous.step()));
        }
        StringBuilder line = new StringBuilder();
        metrics.forEach((k, v) -> line.append(String.format(Locale.ROOT, " %s %.4g", k, v)));
        log.printf(Locale.ROOT, "%s validation at step %d: loss %.5g%s%s%n", o.name(), st.step(), loss, line,
                better ? "  (best: saved)" : "  (no gain " + next.staleValidations() + "/" + o.patience() + ")");
        return next;
    }

    /** Validation metrics: loss (what early stopping watches) and RMSE per label in original units, or image RMSE. */
    private Map<String, Double> evaluate(Model model, Block block, List<TrainingSample> validation) {
        Map<String, Double> m = new LinkedHashMap<>();
        int chunk = 64;
        RegressorMetrics regressor = new RegressorMetrics(labels, o.labelWeights());
        double imgSq = 0, noisySq = 0;
        long pixels = 0;
        for (int from = 0; from < validation.size(); from += chunk) {
            List<TrainingSample> part = validation.subList(from, Math.min(validation.size(), from + chunk));
            TrainingBatch b = TrainingBatch.of(part, feedEnc, labels, denoiser);
            float[] out = forward(model, joint != null ? joint : block, b);
            for (int i = 0; i < b.size(); i++) {
                Sample s = part.get(i).sample();
                if (denoiser) {
                    int plane = enc.stampSize() * enc.stampSize();
                    for (int p = 0; p < plane; p++) {
                        double d = out[i * plane + p] / enc.imageScale() - s.noiseless()[p];
                        double dn = s.noisy()[p] - s.noiseless()[p];
                        imgSq += d * d;
                        noisySq += dn * dn;
                    }
                    pixels += plane;
                } else {
                    regressor.add(out, i * outputs(), outputs(), s.params().toArray());
                }
            }
        }
        if (denoiser) {
            double rmse = Math.sqrt(imgSq / pixels);
            m.put("loss", rmse);
            m.put("image_rmse", rmse);
            m.put("noisy_rmse", Math.sqrt(noisySq / pixels));
        } else {
            m.putAll(regressor.metrics());
        }
        return m;
    }

    private float[] forward(Model model, Block block, TrainingBatch b) {
        int s = enc.stampSize();
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDArray x = m.create(b.inputs(), new Shape(b.size(), feedEnc.channels(), s, s));
            return block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow().toFloatArray();
        }
    }

    /**
     * Writes a joint run's denoiser as a model of its own: the starting denoiser's card with this run's name, weights,
     * training record and the regressor's validation (it has no image metric of its own: it was trained for the labels).
     */
    private ModelCard.DenoiserRecord saveJointDenoiser(TrainingState st, double wall, Map<String, Double> metrics) throws IOException {
        String name = o.jointDenoiserName();
        Path weights = o.outDir().resolve(name + ".params");
        GalaxyNetwork.saveParameters(joint.denoiser(), weights);
        String sha = Sha256.of(weights);
        ModelCard from = inputDenoiser.card();
        ModelCard.TrainingRecord t = trainingRecord(st, wall, "end to end with the regressor " + o.name() + " behind it, on its loss ("
                + plainLossDescription() + "); not on noiseless stamps", from.name() + "@" + (from.sha256() == null ? "unhashed" : from.sha256().substring(0, 12)));
        Map<String, Double> validation = new LinkedHashMap<>();
        metrics.forEach((k, v) -> validation.put("pipeline_" + k, v));
        new ModelCard(name, "djl", name + ".params", sha, from.architecture(), from.encoding(), null, from.prior(), t, validation, null)
                .write(jointDenoiserCard());
        return new ModelCard.DenoiserRecord(name, sha);
    }

    private ModelCard card(String sha, TrainingState st, double wall, Map<String, Double> metrics, ModelCard.DenoiserRecord jointFront) {
        UniformPrior p = o.data().prior() instanceof UniformPrior u ? u : null;
        ModelCard.PriorRecord prior = new ModelCard.PriorRecord(o.presetId(),
                p != null ? p.psfFwhmMin() : Double.NaN, p != null ? p.psfFwhmMax() : Double.NaN,
                p != null ? p.sigmaMin() : Double.NaN, p != null ? p.sigmaMax() : Double.NaN,
                o.data().geometry().pixelScale(), o.data().geometry().size(), o.data().psfBeta(),
                o.data().snrMin(), o.data().snrMax());
        ModelCard.TrainingRecord t = trainingRecord(st, wall, lossDescription(), startedFrom == null ? null : startedFrom.label());
        ModelCard.DenoiserRecord front = jointFront != null ? jointFront : inputDenoiser == null ? null
                : new ModelCard.DenoiserRecord(inputDenoiser.card().name(), inputDenoiser.card().sha256());
        return new ModelCard(o.name(), "djl", o.name() + ".params", sha, o.architecture(), enc,
                denoiser ? null : labels, prior, t, metrics, front);
    }

    private ModelCard.TrainingRecord trainingRecord(TrainingState st, double wall, String loss, String startedFrom) {
        return new ModelCard.TrainingRecord(o.data().seed(), o.validationSeed(), o.validationSize(),
                o.batch(), o.learningRate(), CosineSchedule.describe(warmupSteps(o.totalSteps()), o.finalLearningRateFraction(), o.totalSteps())
                        + (o.augment() ? "; each drawn image served in its 8 square symmetries" : ""), o.totalSteps(),
                st.step(), st.step(), st.samplesSeen(), wall, st.runs(), o.threads(), machine(), loss, o.command(), version(), startedFrom);
    }

    /** The loss in words, as on the card; a resume must have the same. */
    private String lossDescription() {
        String d = o.labelWeights().isEqual() ? plainLossDescription()
                : plainLossDescription().replaceFirst("^L2 on labels", "L2 weighted per label (" + o.labelWeights().option() + ") on labels");
        if (o.jointDenoiser()) d += "; trained end to end with the denoiser in front (" + o.jointDenoiserName() + ", from " + o.inputDenoiser() + ")";
        if (posteriorTeacher != null)
            return d + "; training targets: the posterior mean of each drawn stamp (" + posteriorTeacher.provenance() + "; validation: true labels)";
        if (teacher == null) return d;
        ModelCard t = teacher.card();
        return d + "; training targets: " + t.name() + "@" + (t.sha256() == null ? "unhashed" : t.sha256().substring(0, 12)) + "'s mean over "
                + o.teacherViews() + " symmetric views (validation: true labels)";
    }

    private String plainLossDescription() {
        return denoiser ? "L1 on noiseless stamps x " + enc.imageScale() : o.autoencoder()
                ? "L2 on labels scaled to [-1, 1], plus " + o.reconstructionWeight() + " x L2 on the noiseless stamp x " + enc.imageScale()
                + " drawn by a decoder from the 5 labels, PSF FWHM and sigma (the study's conditional autoencoder; this regressor"
                + " is its encoder, the decoder is " + o.name() + "-decoder.params)"
                : outputs() == 10
                ? "L2 on labels scaled to [-1, 1], plus the Gaussian likelihood of the predicted spreads (means' gradient stopped)"
                : "L2 on labels scaled to [-1, 1]";
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
                if (line.startsWith("model name")) { cpu = line.substring(line.indexOf(':') + 1).trim(); break; }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: keep the generic name
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", " + System.getProperty("os.name")
                + ", Java " + System.getProperty("java.version");
    }

    static String version() {
        String v = NetworkTrainer.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    static String eta(double seconds) {
        if (!Double.isFinite(seconds)) return "?";
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}

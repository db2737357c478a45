package org.galaxyparams.train;

import org.galaxyparams.net.Architecture;
import org.galaxyparams.net.InputEncoding;
import org.galaxyparams.sim.SimulationConfig;

import java.nio.file.Path;

/**
 * Everything a training run needs.
 *
 * @param name model name: writes {@code <outDir>/<name>.params|.json} and {@code <outDir>/checkpoints/<name>-*}
 * @param data training prior and geometry (its seed is the training seed)
 * @param presetId preset name for the card
 * @param validationSeed seed of the fixed validation set
 * @param totalSteps length of the learning-rate schedule (steps of {@code batch})
 * @param validateEvery steps between validations (and checkpoints)
 * @param patience validations without improvement before early stopping
 * @param maxMinutes wall-time budget of this run (0 = none); the run checkpoints and stops, resume later
 * @param threads PyTorch intra-op threads
 * @param resume continue from the checkpoint if there is one
 * @param augment serve each drawn image in its 8 square symmetries (labels mapped exactly), drawing an eighth as many
 * @param inputDenoiser regressor only: the denoiser (name or card path) whose outputs the regressor is trained on, or null
 * @param initFrom a model (name or card path) of the same architecture whose weights start a fresh run, or null
 * @param overwrite a fresh run may replace an existing model of the same name in {@code outDir}
 * @param reconstructionWeight regressor only: above 0, train it as the encoder of a {@link ConditionalAutoencoder}
 *                             with this weight on the reconstruction; 0 for a plain regressor
 * @param labelWeights regressor only: weight of each label in the L2 loss and the validation loss ({@link LabelWeights})
 * @param teacher regressor only: a model (name or card path) whose mean over {@code teacherViews} symmetric views of
 *                each drawn stamp replaces the true labels as the training target (distillation), or
 *                {@link NetworkTrainer#POSTERIOR_TEACHER} for each stamp's posterior mean, or null; validation keeps the
 *                true labels
 * @param teacherViews views the teacher averages (1, 2, 4 or 8)
 * @param denoisedPlaneShare regressor widened by a denoised plane from {@code initFrom}: the fraction (0 to 1) of the
 *                           weights on the plane it mirrors (the asinh plane, else the image) that the new plane
 *                           takes over at the start; 0 starts the new plane at zero weights
 * @param jointDenoiser with {@code inputDenoiser} and a denoised plane: train the denoiser too, on the regressor's
 *                      loss ({@link JointPipeline}); the run's name is {@code <regressor>+<denoiser>} and both are saved
 * @param finalLearningRateFraction the learning rate at the schedule's end as a fraction of {@code learningRate} (0.05,
 *                                  the default, is a cosine cycle; 1 holds the rate constant after the warm-up, as
 *                                  weight averaging wants)
 * @param keepCheckpoints keep every checkpoint's weights ({@code checkpoints/<name>-step<N>.params}), not just the
 *                        newest: the snapshots a weight average is taken over
 */
public record TrainingOptions(String name, Architecture architecture, InputEncoding encoding, SimulationConfig data, String presetId,
                              long validationSeed, int validationSize, int batch, float learningRate, int totalSteps,
                              int validateEvery, int patience, double maxMinutes, int threads, boolean resume,
                              Path outDir, String command, boolean augment, String inputDenoiser, String initFrom,
                              boolean overwrite, double reconstructionWeight, LabelWeights labelWeights, String teacher,
                              int teacherViews, double denoisedPlaneShare, boolean jointDenoiser,
                              float finalLearningRateFraction, boolean keepCheckpoints) {
    /**
     * Options to set by name, for tests and tools; the five given here have no default. Numbers the record checks
     * (batch, steps, validation, patience) start at 0 and must be set; the rest start as a plain run: no denoiser, no
     * teacher, equal label weights.
     */
    public static Builder builder(String name, Architecture architecture, InputEncoding encoding, SimulationConfig data, String presetId) {
        Builder b = new Builder();
        b.name = name; b.architecture = architecture; b.encoding = encoding; b.data = data; b.presetId = presetId;
        return b;
    }

    /** These options, to change by name. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.architecture = architecture;
        b.encoding = encoding;
        b.data = data;
        b.presetId = presetId;
        b.validationSeed = validationSeed;
        b.validationSize = validationSize;
        b.batch = batch;
        b.learningRate = learningRate;
        b.totalSteps = totalSteps;
        b.validateEvery = validateEvery;
        b.patience = patience;
        b.maxMinutes = maxMinutes;
        b.threads = threads;
        b.resume = resume;
        b.outDir = outDir;
        b.command = command;
        b.augment = augment;
        b.inputDenoiser = inputDenoiser;
        b.initFrom = initFrom;
        b.overwrite = overwrite;
        b.reconstructionWeight = reconstructionWeight;
        b.labelWeights = labelWeights;
        b.teacher = teacher;
        b.teacherViews = teacherViews;
        b.denoisedPlaneShare = denoisedPlaneShare;
        b.jointDenoiser = jointDenoiser;
        b.finalLearningRateFraction = finalLearningRateFraction;
        b.keepCheckpoints = keepCheckpoints;
        return b;
    }

    /** Whether the regressor is trained as the encoder of a conditional autoencoder. */
    public boolean autoencoder() { return reconstructionWeight > 0; }

    public TrainingOptions {
        if (labelWeights == null) labelWeights = LabelWeights.EQUAL;
        if (teacher != null && teacher.isBlank()) teacher = null;
        if (teacher == null) teacherViews = 0;
        else if (NetworkTrainer.POSTERIOR_TEACHER.equals(teacher)) teacherViews = 1; // the posterior mean has no views
        else if (!org.galaxyparams.net.SymmetryViews.valid(teacherViews))
            throw new IllegalArgumentException("teacher views " + teacherViews + ": give 1, 2, 4 or 8");
        if (teacher != null && (architecture.kind().isDenoiser() || reconstructionWeight > 0 || inputDenoiser != null))
            throw new IllegalArgumentException("a teacher's labels train a plain regressor on noisy stamps: not a denoiser, an autoencoder or a denoiser's pair");
        if (!labelWeights.isEqual() && (architecture.kind().isDenoiser() || reconstructionWeight > 0))
            throw new IllegalArgumentException("label weights shape a regressor's loss: not for a denoiser or an autoencoder");
        if (!(reconstructionWeight >= 0)) throw new IllegalArgumentException("reconstruction weight " + reconstructionWeight + ": give 0 or more");
        if (reconstructionWeight > 0 && (architecture.kind().isDenoiser() || architecture.xception().outputs() != 5))
            throw new IllegalArgumentException("an autoencoder's encoder is a 5-output regressor: no denoiser, no --errors");
        if (batch < 1 || totalSteps < 1 || validateEvery < 1 || validationSize < 1 || patience < 1)
            throw new IllegalArgumentException("batch, steps, validate-every, validation size and patience must be positive");
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be positive");
        if (!(finalLearningRateFraction >= 0 && finalLearningRateFraction <= 1))
            throw new IllegalArgumentException("final learning-rate fraction " + finalLearningRateFraction
                    + ": give a fraction of --lr from 0 to 1 (1 keeps the rate constant)");
        if (inputDenoiser != null && architecture.kind().isDenoiser())
            throw new IllegalArgumentException("--denoiser trains a regressor on a denoiser's outputs: not for a denoiser");
        if (!(denoisedPlaneShare >= 0 && denoisedPlaneShare <= 1))
            throw new IllegalArgumentException("denoised-plane share " + denoisedPlaneShare + ": give a fraction from 0 to 1");
        if (denoisedPlaneShare > 0 && (!encoding.denoisedPlane() || initFrom == null))
            throw new IllegalArgumentException("a denoised-plane share splits a starting model's weights with a new denoised plane:"
                    + " it needs --denoised-plane and --init-from");
        if (jointDenoiser && (inputDenoiser == null || !encoding.denoisedPlane() || !(encoding.asinhSoftening() > 0)
                || reconstructionWeight > 0 || architecture.xception().outputs() != 5))
            throw new IllegalArgumentException("training the denoiser jointly needs a 5-output regressor with the asinh plane and a"
                    + " denoised plane behind --denoiser");
        if (jointDenoiser && jointDenoiserName(name, inputDenoiser) == null)
            throw new IllegalArgumentException("a joint run saves the regressor and its denoiser as <regressor>+<denoiser>: name it so,"
                    + " with a denoiser name other than " + startingDenoiserName(inputDenoiser) + " (e.g. xception64u-joint-dataset3+edsr-joint-dataset3)");
        if (architecture.inputChannels() != encoding.channels())
            throw new IllegalArgumentException("the architecture takes " + architecture.inputChannels()
                    + " channels but the encoding writes " + encoding.channels());
    }

    /**
     * The name the jointly trained denoiser is saved under: the part of the run's name after its last '+', when that
     * part is a new name (not the starting denoiser's); null otherwise.
     */
    public String jointDenoiserName() { return jointDenoiserName(name, inputDenoiser); }

    private static String jointDenoiserName(String name, String inputDenoiser) {
        int plus = name.lastIndexOf('+');
        if (plus <= 0 || plus == name.length() - 1) return null;
        String d = name.substring(plus + 1);
        return d.equals(startingDenoiserName(inputDenoiser)) ? null : d;
    }

    /** The starting denoiser's model name ("edsr" is edsr-dataset3; a card path its file name without .json). */
    private static String startingDenoiserName(String inputDenoiser) {
        return inputDenoiser == null ? "" : java.nio.file.Path.of(org.galaxyparams.estimate.ModelLocator.denoiserName(inputDenoiser))
                .getFileName().toString().replaceFirst("\\.json$", "");
    }

    /** See {@link TrainingOptions#builder}; {@link #build} checks as the record does. */
    public static final class Builder {
        private String name;
        private Architecture architecture;
        private InputEncoding encoding;
        private SimulationConfig data;
        private String presetId;
        private long validationSeed;
        private int validationSize;
        private int batch;
        private float learningRate;
        private int totalSteps;
        private int validateEvery;
        private int patience;
        private double maxMinutes;
        private int threads;
        private boolean resume;
        private Path outDir;
        private String command;
        private boolean augment;
        private String inputDenoiser;
        private String initFrom;
        private boolean overwrite;
        private double reconstructionWeight;
        private LabelWeights labelWeights = LabelWeights.EQUAL;
        private String teacher;
        private int teacherViews;
        private double denoisedPlaneShare;
        private boolean jointDenoiser;
        private float finalLearningRateFraction = CosineSchedule.DEFAULT_FINAL_FRACTION;
        private boolean keepCheckpoints;

        private Builder() {}

        public Builder name(String name) { this.name = name; return this; }
        public Builder architecture(Architecture architecture) { this.architecture = architecture; return this; }
        public Builder encoding(InputEncoding encoding) { this.encoding = encoding; return this; }
        public Builder data(SimulationConfig data) { this.data = data; return this; }
        public Builder presetId(String presetId) { this.presetId = presetId; return this; }
        public Builder validationSeed(long validationSeed) { this.validationSeed = validationSeed; return this; }
        public Builder validationSize(int validationSize) { this.validationSize = validationSize; return this; }
        public Builder batch(int batch) { this.batch = batch; return this; }
        public Builder learningRate(float learningRate) { this.learningRate = learningRate; return this; }
        public Builder totalSteps(int totalSteps) { this.totalSteps = totalSteps; return this; }
        public Builder validateEvery(int validateEvery) { this.validateEvery = validateEvery; return this; }
        public Builder patience(int patience) { this.patience = patience; return this; }
        public Builder maxMinutes(double maxMinutes) { this.maxMinutes = maxMinutes; return this; }
        public Builder threads(int threads) { this.threads = threads; return this; }
        public Builder resume(boolean resume) { this.resume = resume; return this; }
        public Builder outDir(Path outDir) { this.outDir = outDir; return this; }
        public Builder command(String command) { this.command = command; return this; }
        public Builder augment(boolean augment) { this.augment = augment; return this; }
        public Builder inputDenoiser(String inputDenoiser) { this.inputDenoiser = inputDenoiser; return this; }
        public Builder initFrom(String initFrom) { this.initFrom = initFrom; return this; }
        public Builder overwrite(boolean overwrite) { this.overwrite = overwrite; return this; }
        public Builder reconstructionWeight(double reconstructionWeight) { this.reconstructionWeight = reconstructionWeight; return this; }
        public Builder labelWeights(LabelWeights labelWeights) { this.labelWeights = labelWeights; return this; }
        public Builder teacher(String teacher) { this.teacher = teacher; return this; }
        public Builder teacherViews(int teacherViews) { this.teacherViews = teacherViews; return this; }
        public Builder denoisedPlaneShare(double denoisedPlaneShare) { this.denoisedPlaneShare = denoisedPlaneShare; return this; }
        public Builder jointDenoiser(boolean jointDenoiser) { this.jointDenoiser = jointDenoiser; return this; }
        public Builder finalLearningRateFraction(float f) { this.finalLearningRateFraction = f; return this; }
        public Builder keepCheckpoints(boolean keepCheckpoints) { this.keepCheckpoints = keepCheckpoints; return this; }

        public TrainingOptions build() {
            return new TrainingOptions(name, architecture, encoding, data, presetId, validationSeed, validationSize,
                    batch, learningRate, totalSteps, validateEvery, patience, maxMinutes, threads, resume, outDir,
                    command, augment, inputDenoiser, initFrom, overwrite, reconstructionWeight, labelWeights, teacher,
                    teacherViews, denoisedPlaneShare, jointDenoiser, finalLearningRateFraction, keepCheckpoints);
        }
    }
}

package org.galaxyparams.app;

import java.nio.file.Path;
import org.galaxyparams.net.Architecture;
import org.galaxyparams.net.InputEncoding;
import org.galaxyparams.net.NetworkKind;
import org.galaxyparams.net.XceptionConfig;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.SimulationConfig;
import org.galaxyparams.train.LabelWeights;
import org.galaxyparams.train.TrainingOptions;

/**
 * A training run as the user asks for it, with the defaults and checks of Fiji's Train Network and the {@code train}
 * command in one place; {@link #options} turns it into the trainer's {@link TrainingOptions} and {@link #command} into
 * the line that reruns it (written on the model card).
 *
 * @param name model name, null or blank for {@code <network>-<preset>}
 * @param pool regressor: 2x2 max pools after the entry convolution, null for the shipped layout's
 * @param blocks regressor: residual blocks, null for the shipped layout's
 * @param filters regressor: block filters, null for the shipped layout's
 * @param denoiser regressor: the denoiser whose outputs it is trained on, or null
 * @param threads PyTorch threads, 0 for one per core
 * @param errors regressor: also predict a standard deviation per label (10 outputs, see MeanAndSpreadLoss)
 * @param reconstruction above 0: train the regressor as the encoder of the study's conditional autoencoder, with this
 *                       weight on the reconstruction of the noiseless stamp ({@code --network autoencoder} sets 1)
 * @param labelWeights regressor: each label's weight in the loss, null for equal ({@link LabelWeights})
 * @param teacher regressor: learn a model's mean over {@code teacherViews} symmetric views instead of the true labels, or null
 * @param teacherViews views the teacher averages (8 when a teacher is given and this is 0)
 * @param unshuffleEntry regressor: downsample after the entry convolution by 2x2 pixel unshuffles instead of max pools
 *                       (see {@link XceptionConfig#unshuffleEntry})
 * @param denoisedPlaneShare with denoisedPlane and initFrom: the fraction of the starting model's weights on its asinh
 *                           plane (else its image plane) that the new denoised plane takes over, 0 to start it at zero
 * @param joint with a denoiser and denoisedPlane: train the denoiser too, end to end on the labels; the name is
 *              {@code <regressor>+<new denoiser name>}
 * @param lrFinal the learning rate at the schedule's end as a fraction of the peak: 0.05 (a cosine cycle) by default,
 *                1 for a constant rate after the warm-up (the snapshots of a weight average)
 * @param keepCheckpoints keep every checkpoint's weights, the snapshots {@code train --average-of} averages
 */
public record TrainRequest(String network, String preset, String name, Path out, int steps, int batch, float learningRate, long seed,
                           long validationSeed, int validation, int validateEvery, int patience, double maxMinutes, int threads,
                           boolean resume, boolean overwrite, boolean augment, boolean asinh, Integer pool, Integer blocks,
                           Integer filters, String denoiser, boolean denoisedPlane, String initFrom, boolean errors,
                           double reconstruction, LabelWeights labelWeights, String teacher, int teacherViews, boolean unshuffleEntry,
                           double denoisedPlaneShare, boolean joint, float lrFinal, boolean keepCheckpoints) {
    /** The defaults of Fiji's dialog and the {@code train} command. */
    public static final TrainRequest DEFAULTS = builder().build();
    /** The learning rate at a schedule's end, as a fraction of its peak, unless asked otherwise. */
    public static final float DEFAULT_LR_FINAL = 0.05f;
    /** The network name that trains a regressor as an autoencoder's encoder. */
    public static final String AUTOENCODER = "autoencoder";

    /** A request with every setting at its default, to change by name. */
    public static Builder builder() { return new Builder(); }

    /** A request with this one's settings, to change by name. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.network = network;
        b.preset = preset;
        b.name = name;
        b.out = out;
        b.steps = steps;
        b.batch = batch;
        b.learningRate = learningRate;
        b.seed = seed;
        b.validationSeed = validationSeed;
        b.validation = validation;
        b.validateEvery = validateEvery;
        b.patience = patience;
        b.maxMinutes = maxMinutes;
        b.threads = threads;
        b.resume = resume;
        b.overwrite = overwrite;
        b.augment = augment;
        b.asinh = asinh;
        b.pool = pool;
        b.blocks = blocks;
        b.filters = filters;
        b.denoiser = denoiser;
        b.denoisedPlane = denoisedPlane;
        b.initFrom = initFrom;
        b.errors = errors;
        b.reconstruction = reconstruction;
        b.labelWeights = labelWeights;
        b.teacher = teacher;
        b.teacherViews = teacherViews;
        b.unshuffleEntry = unshuffleEntry;
        b.denoisedPlaneShare = denoisedPlaneShare;
        b.joint = joint;
        b.lrFinal = lrFinal;
        b.keepCheckpoints = keepCheckpoints;
        return b;
    }

    public TrainRequest {
        if (labelWeights == null) labelWeights = LabelWeights.EQUAL;
        if (teacher != null && teacher.isBlank()) teacher = null;
        if (org.galaxyparams.train.NetworkTrainer.POSTERIOR_TEACHER.equals(teacher)) teacherViews = 1; // a posterior mean has no views
        else if (teacher != null && teacherViews == 0) teacherViews = 8;
        if (teacher == null) teacherViews = 0;
        if (denoiser != null && denoiser.isBlank()) denoiser = null;
        if (network != null && network.trim().equalsIgnoreCase(AUTOENCODER)) {
            network = "xception";
            if (reconstruction == 0) reconstruction = 1;
            if (name == null || name.isBlank()) name = AUTOENCODER + "-" + Preset.parse(preset).id();
        }
        if (!(reconstruction >= 0) || !Double.isFinite(reconstruction))
            throw new IllegalArgumentException("reconstruction weight " + reconstruction + ": give a value > 0 (1 by default)");
        if (reconstruction > 0 && (errors || denoiser != null))
            throw new IllegalArgumentException("an autoencoder's encoder is trained on noisy stamps without a spread head: drop errors and denoiser");
        NetworkKind kind = NetworkKind.parse(network);
        if (reconstruction > 0 && kind != NetworkKind.XCEPTION)
            throw new IllegalArgumentException("a reconstruction weight trains a regressor as an autoencoder's encoder, not " + kind.id());
        network = kind.id();
        preset = Preset.parse(preset).id();
        if (name == null || name.isBlank()) name = network + "-" + preset;
        name = name.trim();
        if (!name.matches("[A-Za-z0-9._+-]+")) throw new IllegalArgumentException("name " + name + ": use letters, digits, '.', '_', '+' or '-'");
        if (steps < 1 || batch < 1 || validation < 1 || validateEvery < 1 || patience < 1)
            throw new IllegalArgumentException("steps, batch, validation, validate-every and patience must be at least 1");
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate " + learningRate + ": give a value > 0");
        if (!(lrFinal >= 0 && lrFinal <= 1))
            throw new IllegalArgumentException("final learning rate " + lrFinal + ": give a fraction of the peak from 0 to 1 (1 keeps it constant)");
        if (!(maxMinutes >= 0)) throw new IllegalArgumentException("max minutes " + maxMinutes + ": give 0 (no limit) or more");
        if (threads < 0) throw new IllegalArgumentException("threads " + threads + ": give 0 (one per core) or more");
        if (kind != NetworkKind.XCEPTION && (asinh || pool != null || blocks != null || filters != null || denoiser != null || errors
                || !labelWeights.isEqual()))
            throw new IllegalArgumentException("asinh, pool, blocks, filters, denoiser, errors and label weights shape the xception regressor, not " + network);
        if (unshuffleEntry && kind != NetworkKind.XCEPTION)
            throw new IllegalArgumentException("unshuffle-entry shapes the xception regressor, not " + network);
        if (unshuffleEntry && pool != null && pool == 0)
            throw new IllegalArgumentException("unshuffle-entry replaces the pools after the entry convolution, and pool is 0: give pool 1 or more");
        if (reconstruction > 0 && !labelWeights.isEqual())
            throw new IllegalArgumentException("label weights are for a plain regressor's loss, not an autoencoder's: drop them or the reconstruction weight");
        if (denoisedPlane && denoiser == null) throw new IllegalArgumentException("denoised-plane needs a denoiser (edsr, rdn or a name)");
        if (!(denoisedPlaneShare >= 0 && denoisedPlaneShare <= 1))
            throw new IllegalArgumentException("denoised-plane share " + denoisedPlaneShare + ": give a fraction from 0 to 1");
        if (denoisedPlaneShare > 0 && (!denoisedPlane || initFrom == null || initFrom.isBlank()))
            throw new IllegalArgumentException("denoised-plane share " + denoisedPlaneShare + " splits the starting model's weights with"
                    + " the new denoised plane: give --denoised-plane and --init-from, or drop the share");
        if (joint && (!denoisedPlane || !asinh))
            throw new IllegalArgumentException("joint trains the denoiser with the regressor behind it, which sees the noisy stamp's asinh"
                    + " plane and the denoised plane: give --asinh, --denoiser and --denoised-plane");
        if (denoiser != null && denoiser.isBlank()) denoiser = null;
        if (initFrom != null && initFrom.isBlank()) initFrom = null;
        if (out == null) out = Path.of("models");
    }

    /** The line that reruns this request ({@code --resume} aside), as written on the card. */
    public String command() {
        return "train --network " + network + " --preset " + preset + " --name " + name + " --steps " + steps + " --batch " + batch
                + " --lr " + learningRate + " --seed " + seed + " --validation-seed " + validationSeed + " --validation " + validation
                + (asinh ? " --asinh" : "") + (pool != null ? " --pool " + pool : "") + (blocks != null ? " --blocks " + blocks : "")
                + (filters != null ? " --filters " + filters : "") + (unshuffleEntry ? " --unshuffle-entry" : "") + (augment ? " --augment" : "")
                + (denoiser != null ? " --denoiser " + denoiser : "") + (denoisedPlane ? " --denoised-plane" : "")
                + (denoisedPlaneShare > 0 ? " --denoised-plane-share " + denoisedPlaneShare : "") + (joint ? " --joint" : "")
                + (initFrom != null ? " --init-from " + initFrom : "") + (errors ? " --errors" : "")
                + (reconstruction > 0 ? " --reconstruction-weight " + reconstruction : "")
                + (labelWeights.isEqual() ? "" : " --label-weights " + labelWeights.option())
                + (teacher != null ? " --teacher " + teacher + (org.galaxyparams.train.NetworkTrainer.POSTERIOR_TEACHER.equals(teacher) ? "" : " --teacher-views " + teacherViews) : "")
                + (lrFinal != DEFAULT_LR_FINAL ? " --lr-final " + lrFinal : "") + (keepCheckpoints ? " --keep-checkpoints" : "");
    }

    /** The trainer's options: the shipped layout, reshaped as asked, and the input planes. */
    public TrainingOptions options() {
        NetworkKind kind = NetworkKind.parse(network);
        Preset p = Preset.parse(preset);
        Architecture arch = asinh ? Architecture.SHIPPED_XCEPTION_ASINH : Architecture.shipped(kind);
        if (kind == NetworkKind.XCEPTION && (pool != null || blocks != null || filters != null || unshuffleEntry)) {
            XceptionConfig x = arch.xception();
            arch = Architecture.of(x.reshaped(pool != null ? pool : x.poolAfterEntry(), blocks != null ? blocks : x.blocks(),
                    filters != null ? filters : x.blockFilters(), unshuffleEntry));
        }
        if (errors) {
            XceptionConfig x = arch.xception();
            arch = Architecture.of(x.withOutputs(2 * GalaxyParams.LABELS.length));
        }
        InputEncoding enc = asinh ? InputEncoding.STUDY_ASINH : InputEncoding.STUDY;
        if (denoisedPlane) {
            enc = enc.withDenoisedPlane();
            XceptionConfig x = arch.xception();
            arch = Architecture.of(x.withInputChannels(enc.channels()));
        }
        return new TrainingOptions(name, arch, enc, SimulationConfig.of(p, seed), p.id(), validationSeed, validation, batch, learningRate,
                steps, validateEvery, patience, maxMinutes, threads > 0 ? threads : Runtime.getRuntime().availableProcessors(), resume, out,
                command(), augment, denoiser, initFrom, overwrite, reconstruction, labelWeights, teacher, teacherViews, denoisedPlaneShare, joint,
                lrFinal, keepCheckpoints);
    }

    /** Settings by name, for the request's many options; {@link #build} checks them as the record does. */
    public static final class Builder {
        private String network = "xception";
        private String preset = "dataset3";
        private String name;
        private Path out = Path.of("models");
        private int steps = 20000;
        private int batch = 32;
        private float learningRate = 1e-3f;
        private long seed = 1001;
        private long validationSeed = 2002;
        private int validation = 2000;
        private int validateEvery = 500;
        private int patience = 20;
        private double maxMinutes;
        private int threads;
        private boolean resume;
        private boolean overwrite;
        private boolean augment;
        private boolean asinh;
        private Integer pool;
        private Integer blocks;
        private Integer filters;
        private String denoiser;
        private boolean denoisedPlane;
        private String initFrom;
        private boolean errors;
        private double reconstruction;
        private LabelWeights labelWeights;
        private String teacher;
        private int teacherViews;
        private boolean unshuffleEntry;
        private double denoisedPlaneShare;
        private boolean joint;
        private float lrFinal = DEFAULT_LR_FINAL;
        private boolean keepCheckpoints;

        private Builder() {}

        public Builder network(String network) { this.network = network; return this; }
        public Builder preset(String preset) { this.preset = preset; return this; }
        public Builder name(String name) { this.name = name; return this; }
        public Builder out(Path out) { this.out = out; return this; }
        public Builder steps(int steps) { this.steps = steps; return this; }
        public Builder batch(int batch) { this.batch = batch; return this; }
        public Builder learningRate(float learningRate) { this.learningRate = learningRate; return this; }
        public Builder seed(long seed) { this.seed = seed; return this; }
        public Builder validationSeed(long validationSeed) { this.validationSeed = validationSeed; return this; }
        public Builder validation(int validation) { this.validation = validation; return this; }
        public Builder validateEvery(int validateEvery) { this.validateEvery = validateEvery; return this; }
        public Builder patience(int patience) { this.patience = patience; return this; }
        public Builder maxMinutes(double maxMinutes) { this.maxMinutes = maxMinutes; return this; }
        public Builder threads(int threads) { this.threads = threads; return this; }
        public Builder resume(boolean resume) { this.resume = resume; return this; }
        public Builder overwrite(boolean overwrite) { this.overwrite = overwrite; return this; }
        public Builder augment(boolean augment) { this.augment = augment; return this; }
        public Builder asinh(boolean asinh) { this.asinh = asinh; return this; }
        public Builder pool(Integer pool) { this.pool = pool; return this; }
        public Builder blocks(Integer blocks) { this.blocks = blocks; return this; }
        public Builder filters(Integer filters) { this.filters = filters; return this; }
        public Builder denoiser(String denoiser) { this.denoiser = denoiser; return this; }
        public Builder denoisedPlane(boolean denoisedPlane) { this.denoisedPlane = denoisedPlane; return this; }
        public Builder initFrom(String initFrom) { this.initFrom = initFrom; return this; }
        public Builder errors(boolean errors) { this.errors = errors; return this; }
        public Builder reconstruction(double reconstruction) { this.reconstruction = reconstruction; return this; }
        public Builder labelWeights(LabelWeights labelWeights) { this.labelWeights = labelWeights; return this; }
        public Builder teacher(String teacher) { this.teacher = teacher; return this; }
        public Builder teacherViews(int teacherViews) { this.teacherViews = teacherViews; return this; }
        public Builder unshuffleEntry(boolean unshuffleEntry) { this.unshuffleEntry = unshuffleEntry; return this; }
        public Builder denoisedPlaneShare(double denoisedPlaneShare) { this.denoisedPlaneShare = denoisedPlaneShare; return this; }
        public Builder joint(boolean joint) { this.joint = joint; return this; }
        public Builder lrFinal(float lrFinal) { this.lrFinal = lrFinal; return this; }
        public Builder keepCheckpoints(boolean keepCheckpoints) { this.keepCheckpoints = keepCheckpoints; return this; }

        /** The request, checked and completed (see the record's constructor); throws IllegalArgumentException naming what is wrong. */
        public TrainRequest build() {
            return new TrainRequest(network, preset, name, out, steps, batch, learningRate, seed, validationSeed,
                    validation, validateEvery, patience, maxMinutes, threads, resume, overwrite, augment, asinh, pool,
                    blocks, filters, denoiser, denoisedPlane, initFrom, errors, reconstruction, labelWeights, teacher,
                    teacherViews, unshuffleEntry, denoisedPlaneShare, joint, lrFinal, keepCheckpoints);
        }
    }
}

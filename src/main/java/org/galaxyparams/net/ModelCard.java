package org.galaxyparams.net;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The JSON that travels with every network: what it is, how its inputs and outputs are scaled, what it
 * was trained on and how well it did. Written next to the weights as {@code <name>.json}.
 *
 * @param name model name (file stem)
 * @param format "djl" (DJL .params written by this bundle) or "torchscript" (a .pt traced in Python)
 * @param weights weights file name, relative to the card
 * @param sha256 SHA-256 of the weights file (hex)
 * @param architecture kind and sizes (null allowed for TorchScript)
 * @param encoding input scaling
 * @param labels label scaling (regressors only)
 * @param prior what the training images were drawn from
 * @param training how training ran
 * @param validation validation RMSE per label in original units (regressors), or {"image_rmse": counts} (denoisers)
 * @param inputDenoiser for a regressor trained on a denoiser's outputs, that denoiser; null when trained on noisy stamps
 * @param errorCalibration for a regressor with a spread head, the factors its spreads are multiplied by; null: none
 * @param views a regressor's estimate is the mean over this many symmetric views of the stamp ({@link SymmetryViews}):
 *              1, 2, 4 or 8; a card without it means 1
 * @param flux where a regressor's flux comes from: {@link #NETWORK_FLUX} (its output; a card without the field) or
 *             {@link #MODEL_FLUX} (the flux of the model with the network's shape that best fits the stamp,
 *             {@code fit.ModelFlux})
 */
public record ModelCard(String name, String format, String weights, String sha256, Architecture architecture,
                        InputEncoding encoding, LabelScaling labels, PriorRecord prior, TrainingRecord training,
                        Map<String, Double> validation, DenoiserRecord inputDenoiser, ErrorCalibration errorCalibration, int views, String flux) {
    /** {@code flux} values: the network's own output, or the best-fitting flux of the model with the network's shape. */
    public static final String NETWORK_FLUX = "network", MODEL_FLUX = "model";

    public ModelCard {
        if (views == 0) views = 1; // cards written before views existed
        if (!SymmetryViews.valid(views)) throw new IllegalArgumentException("views " + views + ": a card takes 1, 2, 4 or 8");
        if (flux == null) flux = NETWORK_FLUX; // cards written before the model flux existed
        if (!flux.equals(NETWORK_FLUX) && !flux.equals(MODEL_FLUX))
            throw new IllegalArgumentException("flux '" + flux + "': a card takes " + NETWORK_FLUX + " or " + MODEL_FLUX);
    }

    public ModelCard(String name, String format, String weights, String sha256, Architecture architecture,
                     InputEncoding encoding, LabelScaling labels, PriorRecord prior, TrainingRecord training,
                     Map<String, Double> validation, DenoiserRecord inputDenoiser, ErrorCalibration errorCalibration, int views) {
        this(name, format, weights, sha256, architecture, encoding, labels, prior, training, validation, inputDenoiser, errorCalibration,
                views, NETWORK_FLUX);
    }

    /** Whether the reported flux is the model's best fit at the network's shape rather than the network's output. */
    public boolean modelFlux() { return MODEL_FLUX.equals(flux); }

    public ModelCard(String name, String format, String weights, String sha256, Architecture architecture,
                     InputEncoding encoding, LabelScaling labels, PriorRecord prior, TrainingRecord training,
                     Map<String, Double> validation, DenoiserRecord inputDenoiser, ErrorCalibration errorCalibration) {
        this(name, format, weights, sha256, architecture, encoding, labels, prior, training, validation, inputDenoiser, errorCalibration, 1);
    }

    public ModelCard(String name, String format, String weights, String sha256, Architecture architecture,
                     InputEncoding encoding, LabelScaling labels, PriorRecord prior, TrainingRecord training,
                     Map<String, Double> validation, DenoiserRecord inputDenoiser) {
        this(name, format, weights, sha256, architecture, encoding, labels, prior, training, validation, inputDenoiser, null);
    }

    public ModelCard(String name, String format, String weights, String sha256, Architecture architecture,
                     InputEncoding encoding, LabelScaling labels, PriorRecord prior, TrainingRecord training,
                     Map<String, Double> validation) {
        this(name, format, weights, sha256, architecture, encoding, labels, prior, training, validation, null, null);
    }

    /**
     * Calibration of a spread head: each label's predicted standard deviation is multiplied by {@code scale}, chosen
     * on {@code count} fresh images of {@code preset} (seed {@code seed}, never used in training, validation or the
     * evaluation tables) so that 68.3 % of the errors fall within one (calibrated) deviation, as for a Gaussian.
     */
    public record ErrorCalibration(double[] scale, String preset, long seed, int count, String command, int views,
                                   Map<String, double[]> scaleByViews, String flux) {
        public ErrorCalibration(double[] scale, String preset, long seed, int count, String command) {
            this(scale, preset, seed, count, command, 1, null, NETWORK_FLUX);
        }

        public ErrorCalibration(double[] scale, String preset, long seed, int count, String command, int views,
                                Map<String, double[]> scaleByViews) {
            this(scale, preset, seed, count, command, views, scaleByViews, NETWORK_FLUX);
        }

        /**
         * {@code scale} is for the card's {@code views} (0 in older cards: 1); {@code scaleByViews}, when measured, holds
         * the factors for each view count ("1", "2", "4", "8"): averaging views shrinks the errors more than the spreads.
         * {@code flux} says which flux the factors were measured with (absent in older cards: the network's).
         */
        public ErrorCalibration {
            if (views == 0) views = 1;
            if (flux == null) flux = NETWORK_FLUX;
            if (scaleByViews != null) for (var e : scaleByViews.entrySet())
                if (e.getValue() == null || e.getValue().length != 5) throw new IllegalArgumentException("5 error scales expected for " + e.getKey() + " views");
            if (scale == null || scale.length != 5) throw new IllegalArgumentException("5 error scales expected");
            for (double v : scale)
                if (!(v > 0) || !Double.isFinite(v)) throw new IllegalArgumentException("error scale " + v + " is not a positive number");
        }

        /** The factors for estimates averaged over {@code v} views, or null when they were not measured. */
        public double[] scaleFor(int v) {
            if (scaleByViews != null && scaleByViews.containsKey(Integer.toString(v))) return scaleByViews.get(Integer.toString(v));
            return v == views ? scale : null;
        }
    }

    /** This card with {@code c} as its error calibration. */
    public ModelCard withErrorCalibration(ErrorCalibration c) {
        return new ModelCard(name, format, weights, sha256, architecture, encoding, labels, prior, training, validation, inputDenoiser, c, views, flux);
    }

    /** This card with its estimates averaged over {@code v} symmetric views. */
    public ModelCard withViews(int v) {
        return new ModelCard(name, format, weights, sha256, architecture, encoding, labels, prior, training, validation, inputDenoiser,
                errorCalibration, v, flux);
    }

    /** This card with its flux taken from {@code source}: {@link #NETWORK_FLUX} or {@link #MODEL_FLUX}. */
    public ModelCard withFlux(String source) {
        return new ModelCard(name, format, weights, sha256, architecture, encoding, labels, prior, training, validation, inputDenoiser,
                errorCalibration, views, source);
    }

    /** A denoiser in front of a regressor: its name and the SHA-256 of its weights. */
    public record DenoiserRecord(String name, String sha256) {
        /** name@first 12 hex digits. */
        public String tag() { return name + "@" + (sha256 == null ? "unhashed" : sha256.substring(0, Math.min(12, sha256.length()))); }
    }

    /** The data a network was trained for. psf and sigma ranges are inclusive; pixel scale in arcsec/pixel. */
    public record PriorRecord(String preset, double psfFwhmMin, double psfFwhmMax, double sigmaMin, double sigmaMax,
                              double pixelScale, int stampSize, double psfBeta, double snrMin, double snrMax) {}

    /**
     * How training ran: seeds, sizes, schedule, progress, time and machine, and the command.
     * {@code samplesSeen} counts training images drawn (over all runs when resumed). {@code startedFrom}: the
     * name@hash (first 12 hex digits of its weights' SHA-256) of the model whose weights the run started from
     * ({@code --init-from}), null for a run from scratch and on cards written before it was recorded.
     */
    public record TrainingRecord(long trainSeed, long validationSeed, int validationSize, int batchSize,
                                 double learningRate, String schedule, int totalSteps, int stepsDone, int bestStep,
                                 long samplesSeen, double wallSeconds, int runs, int threads, String machine,
                                 String loss, String command, String bundleVersion, String startedFrom) {
        /** A record without a starting model. */
        public TrainingRecord(long trainSeed, long validationSeed, int validationSize, int batchSize,
                              double learningRate, String schedule, int totalSteps, int stepsDone, int bestStep,
                              long samplesSeen, double wallSeconds, int runs, int threads, String machine,
                              String loss, String command, String bundleVersion) {
            this(trainSeed, validationSeed, validationSize, batchSize, learningRate, schedule, totalSteps, stepsDone, bestStep, samplesSeen,
                    wallSeconds, runs, threads, machine, loss, command, bundleVersion, null);
        }
    }

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    public String toJson() { return GSON.toJson(this); }

    public void write(Path file) throws IOException {
        org.galaxyparams.io.OutputFile.writeString(file, toJson() + "\n");
    }

    public static ModelCard read(Path file) throws IOException {
        if (!Files.isRegularFile(file))
            throw new IOException("Model card not found: " + file + ". Each model needs its JSON card next to the weights.");
        try {
            ModelCard c = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), ModelCard.class);
            if (c == null || c.format == null || c.weights == null || c.encoding == null)
                throw new IOException("Model card " + file + " lacks format, weights or encoding.");
            if ("djl".equals(c.format) && c.architecture == null)
                throw new IOException("Model card " + file + " is a DJL model without its architecture.");
            return c;
        } catch (JsonParseException e) {
            throw new IOException("Model card " + file + " is not valid JSON: " + e.getMessage(), e);
        } catch (RuntimeException e) { // a record's check, which Gson may wrap
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            throw new IOException("Model card " + file + " has a bad value: " + root.getMessage(), e);
        }
    }

    public ModelCard with(String sha, TrainingRecord t, Map<String, Double> v) {
        return new ModelCard(name, format, weights, sha, architecture, encoding, labels, prior, t, v, inputDenoiser, null, views, flux);
    }

    public boolean isDenoiser() { return architecture != null ? architecture.kind().isDenoiser() : labels == null; }
}

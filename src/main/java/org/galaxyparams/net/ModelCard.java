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
 */
public record ModelCard(String name, String format, String weights, String sha256, Architecture architecture,
                        InputEncoding encoding, LabelScaling labels, PriorRecord prior, TrainingRecord training,
                        Map<String, Double> validation, DenoiserRecord inputDenoiser, ErrorCalibration errorCalibration) {
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
    public record ErrorCalibration(double[] scale, String preset, long seed, int count, String command) {
        public ErrorCalibration {
            if (scale == null || scale.length != 5) throw new IllegalArgumentException("5 error scales expected");
            for (double v : scale)
                if (!(v > 0) || !Double.isFinite(v)) throw new IllegalArgumentException("error scale " + v + " is not a positive number");
        }
    }

    /** This card with {@code c} as its error calibration. */
    public ModelCard withErrorCalibration(ErrorCalibration c) {
        return new ModelCard(name, format, weights, sha256, architecture, encoding, labels, prior, training, validation, inputDenoiser, c);
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
     * {@code samplesSeen} counts training images drawn (over all runs when resumed).
     */
    public record TrainingRecord(long trainSeed, long validationSeed, int validationSize, int batchSize,
                                 double learningRate, String schedule, int totalSteps, int stepsDone, int bestStep,
                                 long samplesSeen, double wallSeconds, int runs, int threads, String machine,
                                 String loss, String command, String bundleVersion) {}

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
        }
    }

    public ModelCard with(String sha, TrainingRecord t, Map<String, Double> v) {
        return new ModelCard(name, format, weights, sha, architecture, encoding, labels, prior, t, v, inputDenoiser);
    }

    public boolean isDenoiser() { return architecture != null ? architecture.kind().isDenoiser() : labels == null; }
}

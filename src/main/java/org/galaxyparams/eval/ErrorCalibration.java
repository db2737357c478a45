package org.galaxyparams.eval;

import java.util.Arrays;

/**
 * Scale factors that make predicted errors cover as Gaussian errors do: for each label, the 68.27th percentile of
 * |estimate − truth| / err over a fresh set. Multiplying that label's errors by it puts exactly 68.27 % of the set
 * within one error; whether 2 errors then cover 95.45 % depends on the tails, and is checked, not assumed.
 */
public final class ErrorCalibration {
    /** Fraction of a Gaussian within one standard deviation. */
    public static final double ONE_SIGMA = 0.682689492;

    /** The validation seed of the shipped models' trainings. */
    static final long SHIPPED_VALIDATION_SEED = 2002;

    private ErrorCalibration() {}

    /** Per label: the factor by which the errors of {@code s} must be multiplied (NaN rows count as not covered). */
    public static double[] scales(EvaluationSamples s) {
        if (s.errors() == null) throw new IllegalArgumentException(s.set() + ": the estimator gives no errors to calibrate");
        double[] out = new double[5];
        for (int k = 0; k < 5; k++) {
            double[] z = new double[s.count()];
            for (int i = 0; i < z.length; i++) {
                double r = Math.abs(s.estimate()[i][k] - s.truth()[i][k]) / s.errors()[i][k];
                z[i] = Double.isFinite(r) ? r : Double.POSITIVE_INFINITY;
            }
            Arrays.sort(z);
            // the smallest factor with at least ONE_SIGMA of the set within it
            int at = (int) Math.ceil(ONE_SIGMA * z.length) - 1;
            out[k] = z[Math.max(0, at)];
        }
        return out;
    }

    /** What {@link #calibrate} did: coverage before, the factors found, and the scales now on the card. */
    public record Result(org.galaxyparams.net.ModelCard card, EvaluationSamples samples, double[] factors, double[] scales,
                         java.util.Map<Integer, double[]> factorsByViews) {}

    /**
     * Calibrates the spread head of the regressor at {@code cardFile} on {@code count} fresh images of {@code preset}
     * and writes the resulting scales (the card's previous ones times the new factors) on that card; its weights stay.
     */
    public static Result calibrate(java.nio.file.Path cardFile, org.galaxyparams.sim.Preset preset, int count, long seed,
                                   java.util.function.Consumer<String> warnings) throws java.io.IOException {
        return calibrate(cardFile, preset, count, seed, 0, warnings);
    }

    /**
     * {@link #calibrate} after setting the card's symmetric views to {@code views} (1, 2, 4 or 8; 0 keeps the card's):
     * the spreads are calibrated for the estimate the card now describes, and the calibration records its views.
     */
    public static Result calibrate(java.nio.file.Path cardFile, org.galaxyparams.sim.Preset preset, int count, long seed, int views,
                                   java.util.function.Consumer<String> warnings) throws java.io.IOException {
        return calibrate(cardFile, preset, count, seed, views, null, warnings);
    }

    /**
     * {@link #calibrate} after also setting where the card's flux comes from ({@code flux}: "network" or "model"; null keeps
     * the card's): the flux error is calibrated for the flux the card reports, and the calibration records which.
     */
    public static Result calibrate(java.nio.file.Path cardFile, org.galaxyparams.sim.Preset preset, int count, long seed, int views,
                                   String flux, java.util.function.Consumer<String> warnings) throws java.io.IOException {
        if (views != 0 && !org.galaxyparams.net.SymmetryViews.valid(views))
            throw new IllegalArgumentException("views " + views + ": give 1, 2, 4 or 8");
        if (count < 100) throw new IllegalArgumentException("count " + count + ": give at least 100 images (4,000 by default)");
        if (seed == Evaluation.DEFAULT_SEED || seed == SHIPPED_VALIDATION_SEED)
            throw new IllegalArgumentException("seed " + seed + " draws the evaluation or validation set: calibrate on another seed");
        org.galaxyparams.net.ModelCard c = org.galaxyparams.net.ModelCard.read(cardFile);
        if (c.isDenoiser())
            throw new IllegalArgumentException(c.name() + " is a denoiser: calibrate takes a regressor with a spread head");
        if (c.architecture() == null || c.architecture().xception() == null || c.architecture().xception().outputs() != 10)
            throw new IllegalArgumentException(c.name() + " predicts no errors: train it with --errors (a spread head) first");
        // views and flux are checked (withViews, withFlux) before the card is written once, and before the estimator loads
        // it: the calibration measures the estimate the card now describes
        org.galaxyparams.net.ModelCard wanted = c;
        if (views != 0 && views != c.views()) wanted = wanted.withViews(views);
        if (flux != null && !flux.equals(c.flux())) wanted = wanted.withFlux(flux);
        if (wanted != c) {
            wanted.write(cardFile);
            c = wanted;
        }
        // every view count, the card's first: averaging views shrinks the errors more than the spreads, by label
        java.util.function.Consumer<String> quiet = m -> { if (!m.contains("were calibrated for") && !m.contains("were calibrated with")) warnings.accept(m); };
        java.util.Map<String, double[]> byViews = new java.util.TreeMap<>();
        java.util.Map<Integer, double[]> factors = new java.util.TreeMap<>();
        EvaluationSamples s = null;
        double[] q = null, scale = null;
        java.util.List<Integer> counts = new java.util.ArrayList<>(java.util.List.of(c.views()));
        for (int v : new int[] {1, 2, 4, 8}) if (v != c.views()) counts.add(v);
        for (int v : counts) {
            org.galaxyparams.estimate.NeuralEstimator est = org.galaxyparams.estimate.ModelCache.estimator(cardFile.toString(), "none", "cpu",
                    false, quiet).withViews(v);
            EvaluationSamples sv = Evaluation.collect(est, preset, count, seed, m -> {});
            if (sv.errors() == null)
                throw new IllegalArgumentException(c.name() + " predicts no errors: train it with --errors (a spread head) first");
            double[] qv = scales(sv);
            // the factors multiply what the estimator applied for v views: that count's scales, else the card's
            double[] before = c.errorCalibration() == null ? new double[] {1, 1, 1, 1, 1}
                    : c.errorCalibration().scaleFor(v) != null ? c.errorCalibration().scaleFor(v) : c.errorCalibration().scale();
            double[] sc = new double[5];
            for (int k = 0; k < 5; k++) sc[k] = before[k] * qv[k];
            byViews.put(Integer.toString(v), sc);
            factors.put(v, qv);
            if (v == c.views()) { s = sv; q = qv; scale = sc; }
        }
        String command = String.format(java.util.Locale.ROOT, "calibrate --model %s --preset %s --count %d --seed %d%s%s", c.name(),
                preset.id(), count, seed, c.views() > 1 ? " --views " + c.views() : "", c.modelFlux() ? " --flux model" : "");
        org.galaxyparams.net.ModelCard calibrated = c.withErrorCalibration(new org.galaxyparams.net.ModelCard.ErrorCalibration(scale,
                preset.id(), seed, count, command, c.views(), byViews, c.flux()));
        calibrated.write(cardFile);
        return new Result(calibrated, s, q, scale, factors);
    }
}

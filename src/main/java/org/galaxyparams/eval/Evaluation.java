package org.galaxyparams.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.galaxyparams.estimate.Estimate;
import org.galaxyparams.estimate.ParameterEstimator;
import org.galaxyparams.estimate.StampInput;
import org.galaxyparams.fit.CramerRaoBound;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.SampleFactory;
import org.galaxyparams.sim.SimulationConfig;
import org.galaxyparams.sim.StampGeometry;

/**
 * SPEC section 5 evaluation of an estimator on freshly simulated, fixed-seed data: RMSE per label in
 * original units on a preset, or bias and std next to the Cramer-Rao bound on a fixed-galaxy set.
 */
public final class Evaluation {
    /** Seed of the evaluation sets the tables in models/evaluation are made on (no training or validation uses it). */
    public static final long DEFAULT_SEED = 424242;

    private static final int CHUNK = 500;

    private Evaluation() {}

    /**
     * Statistics of estimator - truth over {@code count} accepted samples of {@code preset} drawn with {@code seed}.
     * A network answer rejected as outside the prior (and not refined) still counts with its raw values, so
     * the statistics are those of the network, not of the answers it happened to get right; the log says how many.
     */
    public static LabelStatistics run(ParameterEstimator estimator, Preset preset, int count, long seed, Consumer<String> log) {
        return collect(estimator, preset, count, seed, log).statistics();
    }

    /** The same evaluation, keeping every stamp's truth, answer, SNR and errors (for the report's figures). */
    public static EvaluationSamples collect(ParameterEstimator estimator, Preset preset, int count, long seed, Consumer<String> log) {
        SimulationConfig config = SimulationConfig.of(preset, seed).withOutputs(true, false);
        SampleFactory factory = new SampleFactory(config);
        List<double[]> truth = new ArrayList<>(), answers = new ArrayList<>(), errors = new ArrayList<>();
        List<Double> snr = new ArrayList<>();
        long candidate = 0;
        int refused = 0, rejected = 0;
        while (truth.size() + refused < count) {
            List<Sample> samples = new ArrayList<>();
            List<StampInput> inputs = new ArrayList<>();
            int want = Math.min(CHUNK, count - truth.size() - refused);
            while (samples.size() < want) {
                Sample s = factory.make(SampleFactory.candidateSeed(seed, candidate++));
                if (s == null) continue;
                samples.add(s);
                inputs.add(StampInput.of(s, config.geometry().size()));
            }
            List<Estimate> est = estimator.estimate(inputs, () -> false, null);
            for (int i = 0; i < est.size(); i++) {
                Estimate e = est.get(i);
                GalaxyParams answer = e.ok() ? e.best() : e.params();
                if (answer == null) { refused++; continue; }
                if (!e.ok()) rejected++;
                truth.add(samples.get(i).params().toArray());
                answers.add(answer.toArray());
                snr.add(samples.get(i).snr());
                errors.add(e.ok() ? e.errors() : null);
            }
            if (log != null) log.accept(String.format(Locale.ROOT, "%s: %d/%d", preset.id(), truth.size() + refused, count));
        }
        if (refused > 0 && log != null) log.accept(preset.id() + ": " + refused + " stamps refused by the estimator");
        if (rejected > 0 && log != null)
            log.accept(preset.id() + ": " + rejected + " network answers outside the prior (no estimate in a result row), counted with their raw values");
        // a stamp without errors (an answer outside the prior) gets NaN errors: it covers nothing in the calibration
        boolean anyErrors = errors.stream().anyMatch(java.util.Objects::nonNull);
        double[] none = {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        return new EvaluationSamples(preset.id(), truth.toArray(double[][]::new), answers.toArray(double[][]::new),
                snr.stream().mapToDouble(Double::doubleValue).toArray(),
                anyErrors ? errors.stream().map(e -> e == null ? none : e).toArray(double[][]::new) : null);
    }

    /** Cramer-Rao standard deviations for a fixed-galaxy preset (snr30 / snr60). */
    public static double[] cramerRao(Preset fixed) {
        var prior = (org.galaxyparams.sim.FixedGalaxyPrior) fixed.prior();
        SimulationConfig config = SimulationConfig.of(fixed, 0);
        return CramerRaoBound.at(prior.params(), config.psf(prior.psfFwhm()), StampGeometry.DEFAULT, prior.sigma()).standardDeviations();
    }

    /** The study's Xception RMSE (SPEC section 4) for dataset1..3, else null. */
    public static double[] studyXceptionRmse(Preset p) {
        return switch (p) {
            case DATASET1 -> new double[] {5913, 0.780, 0.0462, 0.0737, 0.0735};
            case DATASET2 -> new double[] {8993, 0.836, 0.0512, 0.0839, 0.0831};
            case DATASET3 -> new double[] {9689, 0.975, 0.0542, 0.1043, 0.1038};
            default -> null;
        };
    }

    /** The study's Xception bias / std (flux in 1e5 units in the SPEC; returned here in counts) for snr30/snr60. */
    public static double[][] studyXceptionBiasStd(Preset p) {
        return switch (p) {
            case SNR60 -> new double[][] {{0.039e5, 0.435, 0.022, 0.011, -0.013}, {0.063e5, 0.765, 0.035, 0.048, 0.055}};
            case SNR30 -> new double[][] {{0.052e5, 0.740, 0.031, 0.013, -0.024}, {0.098e5, 0.828, 0.060, 0.091, 0.100}};
            default -> null;
        };
    }

    public static String[] labels() { return GalaxyParams.LABELS; }
}

package org.galaxyparams.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.galaxyparams.estimate.ModelCache;
import org.galaxyparams.estimate.ModelLocator;
import org.galaxyparams.estimate.NeuralEstimator;
import org.galaxyparams.eval.Evaluation;
import org.galaxyparams.eval.LabelStatistics;
import org.galaxyparams.net.DjlRuntime;
import org.galaxyparams.sim.Preset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code evaluate}: SPEC section 5 accuracy tables of the networks on fresh fixed-seed simulations. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Validation RMSE per label on fixed-seed sets of each preset, and bias/std next to the Cramer-Rao bound"
                + " on the fixed-galaxy sets, printed as Markdown (and written to --out).")
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = ModelLocator.DEFAULT_REGRESSOR)
    String model;
    @Option(names = "--denoiser", defaultValue = "none", description = "none, edsr, rdn")
    String denoiser;
    @Option(names = "--refine", description = "evaluate the maximum-likelihood refinement instead (--method ml)")
    boolean refine;
    @Option(names = "--method", defaultValue = "network", description = "network, ml or posterior")
    String method;
    @Option(names = "--presets", defaultValue = "dataset1,dataset2,dataset3", split = ",", description = "presets ('--presets=' for none)")
    List<String> presets;
    @Option(names = "--count", defaultValue = "5000", description = "images per preset")
    int count;
    @Option(names = "--fixed", defaultValue = "snr30,snr60", split = ",", description = "fixed-galaxy sets ('--fixed=' for none)")
    List<String> fixed;
    @Option(names = "--fixed-count", defaultValue = "2000", description = "images per fixed-galaxy set (0: none)")
    int fixedCount;
    @Option(names = "--seed", defaultValue = "" + Evaluation.DEFAULT_SEED, description = "seed of the evaluation sets (differs from training and validation)")
    long seed;
    @Option(names = "--threads", defaultValue = "0")
    int threads;
    @Option(names = "--views", defaultValue = "0", description = "average the networks over 1, 2, 4 or 8 symmetric views (0: each card's own)")
    int views;
    @Option(names = "--out", description = "Markdown file for the tables")
    Path out;
    @Option(names = "--report", description = "folder for report.html and its figures (true against estimated, error against SNR,"
            + " bias and std against the Cramer-Rao bound, calibration when errors exist)")
    Path report;

    @Override
    public Integer call() throws IOException {
        checkSets(presets, fixed, count, fixedCount);
        List<String> presetIds = nonBlank(presets); // --presets= : the fixed-galaxy sets alone
        List<String> fixedIds = fixedCount > 0 ? nonBlank(fixed) : List.of(); // --fixed-count 0: no fixed-galaxy rows
        if (out != null) org.galaxyparams.io.OutputFile.check(out);
        DjlRuntime.configureThreads(threads);
        org.galaxyparams.estimate.EstimateMethod how = refine ? org.galaxyparams.estimate.EstimateMethod.ML
                : org.galaxyparams.estimate.EstimateMethod.parse(method);
        refine = how.fits();
        org.galaxyparams.estimate.ParameterEstimator est = ModelCache.forRun(model, denoiser, "cpu", how,
                org.galaxyparams.posterior.PriorBox.NONE, views, System.err::println);
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Estimator: %s%s. Command: evaluate --model %s --denoiser %s%s --count %d --fixed-count %d --seed %d%s%n%n",
                est.provenance(), how == org.galaxyparams.estimate.EstimateMethod.POSTERIOR ? " + posterior around the maximum-likelihood fit"
                        : refine ? " + maximum-likelihood refinement" : "", model, denoiser, " --method " + how.id(), count, fixedCount, seed,
                views > 0 ? " --views " + views : ""));
        if (!presetIds.isEmpty())
            md.append("| set | n | flux | sersic_n | hlr | g1 | g2 |\n|---|---|---|---|---|---|---|\n");
        long t0 = System.nanoTime();
        org.galaxyparams.report.EvaluationReport figures = report == null ? null : new org.galaxyparams.report.EvaluationReport(report);
        StringBuilder coverage = new StringBuilder();
        for (String id : presetIds) {
            Preset p = Preset.parse(id);
            org.galaxyparams.eval.EvaluationSamples samples = Evaluation.collect(est, p, count, seed, m -> {});
            if (figures != null) figures.addPreset(samples);
            LabelStatistics s = samples.statistics();
            md.append(row(p.id() + " RMSE", s.count(), k -> s.rmse(k)));
            double[] study = Evaluation.studyXceptionRmse(p);
            if (study != null) md.append(row(p.id() + " study Xception", 20000, k -> study[k]));
            coverage.append(coverageRows(p.id(), samples));
        }
        if (coverage.length() > 0)
            md.append("\nCalibration of the errors: fraction of stamps with |estimate - truth| < k err (a calibrated Gaussian error"
                    + " gives 0.683 for k = 1, 0.954 for k = 2); mean err / RMSE.\n\n| set | quantity | flux | sersic_n | hlr | g1 | g2 |\n"
                    + "|---|---|---|---|---|---|---|\n").append(coverage);
        if (!fixedIds.isEmpty()) md.append("\n| set | quantity | flux | sersic_n | hlr | g1 | g2 |\n|---|---|---|---|---|---|---|\n");
        for (String id : fixedIds) {
            Preset p = Preset.parse(id);
            org.galaxyparams.eval.EvaluationSamples samples = Evaluation.collect(est, p, fixedCount, seed + 1, m -> {});
            LabelStatistics s = samples.statistics();
            double[] crb = Evaluation.cramerRao(p);
            if (figures != null) figures.addFixedSet(samples, crb);
            double[][] study = Evaluation.studyXceptionBiasStd(p);
            md.append(row2(p.id(), "CRB", k -> crb[k]));
            md.append(row2(p.id(), "bias (n=" + s.count() + ")", k -> s.bias(k)));
            md.append(row2(p.id(), "std", k -> s.std(k)));
            md.append(row2(p.id(), "std / CRB", k -> s.std(k) / crb[k]));
            if (study != null) {
                md.append(row2(p.id(), "study Xception bias", k -> study[0][k]));
                md.append(row2(p.id(), "study Xception std", k -> study[1][k]));
            }
            md.append(coverageRows(p.id(), samples));
        }
        int cores = Runtime.getRuntime().availableProcessors();
        md.append(String.format(Locale.ROOT, "%nWall time %.0f s, %d PyTorch threads on %d cores.%n", (System.nanoTime() - t0) / 1e9,
                threads > 0 ? threads : cores, cores));
        System.out.print(md);
        if (figures != null) {
            figures.addTables(md.toString());
            System.out.println("report: " + figures.finish());
        }
        if (out != null) {
            org.galaxyparams.io.OutputFile.writeString(out, md.toString());
        }
        return 0;
    }

    /** The ids given, without the blanks that "--presets=" and "--fixed=" leave. */
    private static List<String> nonBlank(List<String> ids) {
        return ids.stream().filter(id -> !id.isBlank()).toList();
    }

    /** The sets and counts asked for, checked before any work: a late mistake would throw away every set evaluated before it. */
    static void checkSets(List<String> presets, List<String> fixed, int count, int fixedCount) {
        if (count < 1 || fixedCount < 0)
            throw new IllegalArgumentException("--count " + count + " --fixed-count " + fixedCount
                    + ": give at least 1 image per preset, and 0 or more per fixed-galaxy set");
        for (String id : nonBlank(presets)) Preset.parse(id);
        for (String id : nonBlank(fixed)) {
            if (!(Preset.parse(id).prior() instanceof org.galaxyparams.sim.FixedGalaxyPrior))
                throw new IllegalArgumentException("--fixed " + id.trim() + " is not a fixed-galaxy set: give snr30 and/or snr60 there, and"
                        + " presets with a prior (dataset1..3) in --presets");
        }
    }

    private static String row(String name, long n, java.util.function.IntToDoubleFunction v) {
        return String.format(Locale.ROOT, "| %s | %d | %.0f | %.3f | %.4f | %.4f | %.4f |%n", name, n, v.applyAsDouble(0),
                v.applyAsDouble(1), v.applyAsDouble(2), v.applyAsDouble(3), v.applyAsDouble(4));
    }

    /** Coverage at 1 and 2 errors and mean error / RMSE, per label; "" when the estimator gives no errors. */
    static String coverageRows(String set, org.galaxyparams.eval.EvaluationSamples samples) {
        if (samples.errors() == null) return "";
        double[] c1 = samples.coverage(1), c2 = samples.coverage(2);
        LabelStatistics s = samples.statistics();
        double[] meanErr = new double[5];
        int[] finite = new int[5];
        for (double[] e : samples.errors())
            for (int k = 0; k < 5; k++)
                if (Double.isFinite(e[k])) {
                    meanErr[k] += e[k];
                    finite[k]++;
                }
        for (int k = 0; k < 5; k++) meanErr[k] /= Math.max(1, finite[k]); // rows without errors (outside the prior) left out
        return row2(set, "within 1 err", k -> c1[k]) + row2(set, "within 2 err", k -> c2[k])
                + row2(set, "mean err / RMSE", k -> meanErr[k] / s.rmse(k));
    }

    private static String row2(String set, String q, java.util.function.IntToDoubleFunction v) {
        return String.format(Locale.ROOT, "| %s | %s | %.4g | %.4g | %.4g | %.4g | %.4g |%n", set, q, v.applyAsDouble(0),
                v.applyAsDouble(1), v.applyAsDouble(2), v.applyAsDouble(3), v.applyAsDouble(4));
    }
}

package org.galaxyparams.app;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.galaxyparams.estimate.Estimate;
import org.galaxyparams.estimate.ParameterEstimator;
import org.galaxyparams.estimate.StampInput;
import org.galaxyparams.eval.LabelStatistics;
import org.galaxyparams.field.FieldSpec;
import org.galaxyparams.field.FieldTruth;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.SampleFactory;
import org.galaxyparams.sim.SimulationConfig;
import org.galaxyparams.sim.StampGeometry;

/**
 * A catalog checked against the truth of a simulated field: detection completeness and purity, the star/galaxy
 * split, and the parameters of isolated galaxies against the same galaxies drawn alone on clean stamps (same
 * parameters, PSF and sigma; fresh noise) and measured by the same estimator.
 */
public final class FieldEvaluation {
    /** A catalog source matches a true one within this many pixels. */
    public static final double MATCH_RADIUS = 2;
    /** Galaxies at least this bright (SNR, SPEC section 1) are what completeness is counted on. */
    public static final double BRIGHT_SNR = 20;
    /** A galaxy is isolated when no other source is within this many pixels... */
    public static final double ISOLATED_DISTANCE = 20;
    /** ...and others add less than this fraction of its own light around it. */
    public static final double ISOLATED_BLEND = 0.01;

    /**
     * @param bright true galaxies with SNR >= 20; @param brightFound how many of them have a catalog source
     * @param sources catalog rows; @param real how many of them match a true source
     * @param galaxiesAsStars matched true galaxies classed star; @param starsAsGalaxies matched true stars classed galaxy
     * @param field isolated galaxies measured in the field; @param clean the same galaxies on clean stamps
     */
    public record Report(int bright, int brightFound, int sources, int real, int galaxiesMatched, int galaxiesAsStars, int starsMatched,
                         int starsAsGalaxies, LabelStatistics field, LabelStatistics clean) {
        public double completeness() { return brightFound / (double) bright; }

        public double purity() { return real / (double) sources; }

        public String describe() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "detection: completeness %.4f (%d of %d galaxies with SNR >= %.0f), purity %.4f (%d of %d sources real)%n",
                    completeness(), brightFound, bright, BRIGHT_SNR, purity(), real, sources));
            b.append(String.format(Locale.ROOT, "classes: %d of %d matched galaxies classed star, %d of %d matched stars classed galaxy%n",
                    galaxiesAsStars, galaxiesMatched, starsAsGalaxies, starsMatched));
            if (field.count() > 0) {
                b.append(String.format(Locale.ROOT, "isolated galaxies (%d): RMSE in the field / on clean stamps%n", field.count()));
                for (int k = 0; k < 5; k++)
                    b.append(String.format(Locale.ROOT, "  %-8s %10.5g / %10.5g = %.3f%n", GalaxyParams.LABELS[k], field.rmse(k), clean.rmse(k),
                            field.rmse(k) / clean.rmse(k)));
            }
            return b.toString();
        }
    }

    private FieldEvaluation() {}

    /**
     * @param estimator measures the clean stamps (the catalog's own); null to skip the clean comparison
     * @param spec the field's PSF, sigma and pixel scale
     */
    public static Report evaluate(List<FieldTruth> truth, List<CatalogRow> rows, ParameterEstimator estimator, FieldSpec spec, long seed,
                                  Monitor monitor) {
        int[] matchOfTruth = match(truth, rows);
        boolean[] rowMatched = new boolean[rows.size()];
        int bright = 0, brightFound = 0, gm = 0, gs = 0, sm = 0, sg = 0;
        List<Integer> isolated = new ArrayList<>();
        for (int t = 0; t < truth.size(); t++) {
            FieldTruth tr = truth.get(t);
            int r = matchOfTruth[t];
            if (r >= 0) rowMatched[r] = true;
            if (!tr.star() && tr.snr() >= BRIGHT_SNR) {
                bright++;
                if (r >= 0) brightFound++;
            }
            if (r < 0) continue;
            CatalogRow row = rows.get(r);
            if (tr.star()) {
                sm++;
                if (row.galaxy()) sg++;
            } else {
                gm++;
                if (!row.galaxy()) gs++;
                if (row.galaxy() && row.measurement().ok() && tr.nearest() > ISOLATED_DISTANCE && tr.blendFraction() < ISOLATED_BLEND)
                    isolated.add(t);
            }
        }
        int real = 0;
        for (boolean m : rowMatched) if (m) real++;
        LabelStatistics inField = new LabelStatistics(), onClean = new LabelStatistics();
        if (estimator != null && !isolated.isEmpty()) {
            SampleFactory factory = new SampleFactory(SimulationConfig.of(Preset.DATASET3, seed)
                    .withGeometry(new StampGeometry(estimator.stampSize(), spec.pixelScale())));
            List<StampInput> clean = new ArrayList<>();
            for (int t : isolated) {
                FieldTruth tr = truth.get(t);
                Sample s = factory.render(tr.params(), spec.psfFwhm(), spec.sigma(), SampleFactory.candidateSeed(seed, tr.id()));
                clean.add(new StampInput("clean #" + tr.id(), s.noisy(), estimator.stampSize(), spec.psfFwhm(), spec.sigma()));
            }
            List<Estimate> est = estimator.estimate(clean, monitor::isCancelled, null);
            for (int i = 0; i < est.size(); i++) {
                FieldTruth tr = truth.get(isolated.get(i));
                GalaxyParams fieldEstimate = rows.get(matchOfTruth[isolated.get(i)]).measurement().estimate();
                if (est.get(i).best() == null) continue;
                inField.add(fieldEstimate.toArray(), tr.params().toArray());
                onClean.add(est.get(i).best().toArray(), tr.params().toArray());
            }
        }
        return new Report(bright, brightFound, rows.size(), real, gm, gs, sm, sg, inField, onClean);
    }

    /** For each true source, the catalog row matched to it (-1 for none): closest pairs first, each used once. */
    static int[] match(List<FieldTruth> truth, List<CatalogRow> rows) {
        List<double[]> pairs = new ArrayList<>(); // {distance, truth, row}
        int cell = 8;
        java.util.Map<Long, List<Integer>> grid = new java.util.HashMap<>();
        for (int r = 0; r < rows.size(); r++)
            grid.computeIfAbsent(key((int) Math.floor(rows.get(r).x() / cell), (int) Math.floor(rows.get(r).y() / cell)), k -> new ArrayList<>()).add(r);
        for (int t = 0; t < truth.size(); t++) {
            FieldTruth tr = truth.get(t);
            int cx = (int) Math.floor(tr.x() / cell), cy = (int) Math.floor(tr.y() / cell);
            for (int j = cy - 1; j <= cy + 1; j++)
                for (int i = cx - 1; i <= cx + 1; i++)
                    for (int r : grid.getOrDefault(key(i, j), List.of())) {
                        double d = Math.hypot(rows.get(r).x() - tr.x(), rows.get(r).y() - tr.y());
                        if (d <= MATCH_RADIUS) pairs.add(new double[] {d, t, r});
                    }
        }
        pairs.sort(Comparator.comparingDouble((double[] p) -> p[0]).thenComparingDouble(p -> p[1]).thenComparingDouble(p -> p[2]));
        int[] out = new int[truth.size()];
        Arrays.fill(out, -1);
        boolean[] used = new boolean[rows.size()];
        for (double[] p : pairs) {
            int t = (int) p[1], r = (int) p[2];
            if (out[t] >= 0 || used[r]) continue;
            out[t] = r;
            used[r] = true;
        }
        return out;
    }

    private static long key(int i, int j) { return ((long) j << 32) | (i & 0xffffffffL); }
}

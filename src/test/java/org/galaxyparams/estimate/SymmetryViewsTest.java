package org.galaxyparams.estimate;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.galaxyparams.net.GalaxyNetwork;
import org.galaxyparams.net.LabelScaling;
import org.galaxyparams.net.ModelCard;
import org.galaxyparams.net.SymmetryViews;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.SampleFactory;
import org.galaxyparams.sim.SimulationConfig;
import org.galaxyparams.sim.StampSymmetry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mean over symmetric views: its arithmetic, its exact invariance with all 8 views, and the card's views field. */
class SymmetryViewsTest {
    private static final LabelScaling L = LabelScaling.STUDY_PRIOR;
    private static final StampSymmetry[] ORDER = {StampSymmetry.IDENTITY, StampSymmetry.ROTATE_180, StampSymmetry.ROTATE_90,
            StampSymmetry.ROTATE_270, StampSymmetry.MIRROR_X, StampSymmetry.MIRROR_Y, StampSymmetry.TRANSPOSE, StampSymmetry.ANTI_TRANSPOSE};

    /** Outputs that each view gets exactly right (the galaxy as that view shows it) average back to the galaxy. */
    @Test
    void viewsThatAgreeAverageToTheGalaxyAndSpreadsToTheirRootMeanSquare() {
        GalaxyParams[] p = {new GalaxyParams(1.2e5, 2.5, 0.3, 0.21, -0.37), new GalaxyParams(6e4, 0.9, 0.45, -0.05, 0.6)};
        for (int views : new int[] {2, 4, 8}) {
            float[] out = new float[views * p.length * 10];
            for (int v = 0; v < views; v++)
                for (int i = 0; i < p.length; i++) {
                    int at = (v * p.length + i) * 10;
                    System.arraycopy(L.scale(ORDER[v].apply(p[i])), 0, out, at, 5);
                    for (int k = 0; k < 5; k++) out[at + 5 + k] = (float) (-2 + 0.1 * v + 0.01 * k);
                }
            float[] mean = SymmetryViews.average(out, p.length, 10, views, L);
            for (int i = 0; i < p.length; i++) {
                double[] back = L.unscale(mean, i * 10), want = p[i].toArray();
                for (int k = 0; k < 5; k++) assertEquals(want[k], back[k], 1e-6 * (L.max()[k] - L.min()[k]), views + " views, label " + k);
                for (int k = 0; k < 5; k++) {
                    double sum = 0;
                    for (int v = 0; v < views; v++) sum += Math.exp(2 * (-2 + 0.1 * v + 0.01 * k));
                    assertEquals(0.5 * Math.log(sum / views), mean[i * 10 + 5 + k], 1e-6);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> SymmetryViews.average(new float[30], 1, 10, 3, L));
    }

    /**
     * The views of a stamp are the simulator's drawings of the mapped galaxy (to float rounding): an oracle that
     * shares no code with the array permutation.
     */
    @Test
    void eachExpandedViewIsTheSimulatorsDrawingOfTheMappedGalaxy() {
        var r = new org.galaxyparams.sim.GalaxyRenderer();
        var geo = org.galaxyparams.sim.StampGeometry.DEFAULT;
        var psf = org.galaxyparams.sim.PsfModel.moffat(2, 0.7);
        GalaxyParams p = new GalaxyParams(1e5, 1.8, 0.35, 0.3, -0.15);
        int n = geo.size(), plane = n * n;
        double[] d = r.render(p, psf, geo);
        float[] in = new float[2 * plane]; // two planes: the image, and a constant plane that no view may change
        double peak = 0;
        for (int i = 0; i < plane; i++) { in[i] = (float) d[i]; in[plane + i] = 0.25f; peak = Math.max(peak, d[i]); }
        float[] views = SymmetryViews.expand(in, 1, 2, n, 8);
        for (int v = 0; v < 8; v++) {
            double[] drawn = r.render(ORDER[v].apply(p), psf, geo);
            double worst = 0;
            for (int i = 0; i < plane; i++) {
                worst = Math.max(worst, Math.abs(views[v * 2 * plane + i] - drawn[i]));
                assertEquals(0.25f, views[v * 2 * plane + plane + i]);
            }
            assertTrue(worst < 1e-5 * peak, ORDER[v] + ": " + worst);
        }
    }

    /**
     * With all 8 views the estimate of a quarter-turned stamp is the estimate of the stamp with (g1, g2) negated, to
     * float rounding: the mean over the whole group is exactly equivariant. One view is not (the test can tell).
     */
    @Test
    void theMeanOverAllEightViewsIsExactlyEquivariant(@TempDir Path dir) throws IOException {
        Path shipped = ModelLocator.resolve(ModelLocator.DEFAULT_REGRESSOR);
        ModelCard c = ModelCard.read(shipped);
        Files.copy(shipped.resolveSibling(c.weights()), dir.resolve(c.weights()));
        c.withViews(8).write(dir.resolve(shipped.getFileName()));
        SampleFactory f = new SampleFactory(SimulationConfig.of(Preset.DATASET3, 77).withOutputs(true, false));
        List<StampInput> plain = new ArrayList<>(), turned = new ArrayList<>();
        for (long k = 0; plain.size() < 6; k++) {
            Sample s = f.make(SampleFactory.candidateSeed(77, k));
            if (s == null) continue;
            plain.add(new StampInput("s", s.noisy(), 64, s.psfFwhm(), s.sigma()));
            turned.add(new StampInput("t", StampSymmetry.ROTATE_90.apply(s.noisy(), 64), 64, s.psfFwhm(), s.sigma()));
        }
        double oneView = worstDifference(shipped, plain, turned), eight = worstDifference(dir.resolve(shipped.getFileName()), plain, turned);
        assertTrue(eight < 2e-5, "8 views: estimates of turned stamps differ by " + eight + " of the label range");
        assertTrue(oneView > 100 * 2e-5, "1 view is not equivariant (" + oneView + "), so the comparison can tell");
    }

    /** Largest difference, as a fraction of the label range, between the estimates of the stamps and of their quarter turns mapped back. */
    private static double worstDifference(Path card, List<StampInput> plain, List<StampInput> turned) throws IOException {
        try (GalaxyNetwork n = GalaxyNetwork.load(card, Device.cpu())) {
            NeuralEstimator e = new NeuralEstimator(n, null, false, m -> {});
            List<Estimate> a = e.estimate(plain, () -> false, null), b = e.estimate(turned, () -> false, null);
            double worst = 0;
            for (int i = 0; i < a.size(); i++) {
                double[] x = a.get(i).best().toArray(), y = StampSymmetry.ROTATE_90.apply(b.get(i).best()).toArray();
                for (int k = 0; k < 5; k++) worst = Math.max(worst, Math.abs(x[k] - y[k]) / (L.max()[k] - L.min()[k]));
            }
            return worst;
        }
    }

    @Test
    void aCardWithoutViewsMeansOneAndABadCountIsRefusedWithTheReason(@TempDir Path dir) throws IOException {
        Path shipped = ModelLocator.resolve(ModelLocator.DEFAULT_REGRESSOR);
        String json = Files.readString(shipped);
        Path old = dir.resolve("old.json"), bad = dir.resolve("bad.json");
        Files.writeString(old, json.replaceAll(",\\s*\"views\"\\s*:\\s*\\d+", ""));
        assertEquals(1, ModelCard.read(old).views());
        Files.writeString(bad, ModelCard.read(old).withViews(4).toJson().replace("\"views\": 4", "\"views\": 3"));
        IOException e = assertThrows(IOException.class, () -> ModelCard.read(bad));
        assertTrue(e.getMessage().contains("views 3") && e.getMessage().contains("1, 2, 4 or 8"), e.getMessage());
    }
}

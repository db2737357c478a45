package org.galaxyparams.app;

import java.util.*;
import org.galaxyparams.estimate.*;
import org.galaxyparams.eval.LabelStatistics;
import org.galaxyparams.field.*;
import org.galaxyparams.sim.*;

/** Scratch: where does the field lose accuracy on isolated galaxies? */
public class FieldProbe2 {
    public static void main(String[] a) throws Exception {
        FieldSpec spec = new FieldSpec(4096, 4096, 1000, 100, Preset.DATASET3, 0.7, 300, 1000, 200, 0.05, 0.23, true, 2026);
        FieldSimulator.SimulatedField f = FieldSimulator.simulate(spec, null, () -> false);
        FieldSources.Found found = FieldSources.find(f.image(), DetectionSettings.DEFAULTS, 0.7, "given", 2, 0.23, Double.NaN, () -> false);
        ParameterEstimator est = Estimation.load(EstimateRequest.DEFAULTS, Monitor.SILENT).estimator();
        int w = spec.width();
        float[] trueSub = new float[f.image().pixels().length];
        for (int y = 0; y < spec.height(); y++) for (int x = 0; x < w; x++) trueSub[y * w + x] = (float) (f.image().pixels()[y * w + x] - spec.skyAt(x, y));
        List<StampInput> A = new ArrayList<>(), B = new ArrayList<>(), C = new ArrayList<>(), D = new ArrayList<>(), E = new ArrayList<>(), F = new ArrayList<>(), G = new ArrayList<>();
        List<Boolean> alone = new ArrayList<>(); double centreErr = 0;
        List<GalaxyParams> truth = new ArrayList<>();
        SampleFactory factory = new SampleFactory(SimulationConfig.of(Preset.DATASET3, 1));
        double skyErr = 0; int nSky = 0;
        for (FieldTruth t : f.truth()) {
            if (t.star() || t.nearest() < 20 || t.blendFraction() > 0.01) continue;
            FoundSource best = null; double bd = 2;
            for (FoundSource s : found.sources()) { double d = Math.hypot(s.shape().x() - t.x(), s.shape().y() - t.y()); if (d < bd) { bd = d; best = s; } }
            if (best == null || best.star()) continue;
            double cx = best.shape().x(), cy = best.shape().y();
            GalaxyStamp g = GalaxyStamp.cut(f.image().pixels(), found.subtracted(), found.segmentation(), best.id(), cx, cy, 64, found.noise(), Double.NaN, 1);
            GalaxyStamp gt = GalaxyStamp.cut(f.image().pixels(), trueSub, found.segmentation(), best.id(), cx, cy, 64, found.noise(), Double.NaN, 1);
            if (g == null) continue;
            double ox = g.offsetX(cx), oy = g.offsetY(cy);
            A.add(new StampInput("a", g.pixels(), 64, 0.7, 300, ox, oy, true, g.masked()));
            B.add(new StampInput("b", gt.pixels(), 64, 0.7, 300, ox, oy, true, gt.masked()));
            Sample s = factory.render(t.params(), 0.7, 300, t.id() * 7919L);
            C.add(new StampInput("c", s.noisy(), 64, 0.7, 300));
            // D: the same galaxy alone, at the same sub-pixel offset as in the field (true offset)
            double tox = t.x() - g.x0() - 32, toy = t.y() - g.y0() - 32;
            SampleFactory fo = new SampleFactory(SimulationConfig.of(Preset.DATASET3, 1).withGeometry(new StampGeometry(64, 0.23, tox, toy)));
            float[] dpx = fo.render(t.params(), 0.7, 300, t.id() * 7919L).noisy();
            D.add(new StampInput("d", dpx, 64, 0.7, 300));
            E.add(new StampInput("e", org.galaxyparams.stamp.SubPixelShift.shift(dpx, 64, -tox, -toy), 64, 0.7, 300));
            G.add(new StampInput("g", org.galaxyparams.stamp.SubPixelShift.shift(gt.pixels(), 64, -tox, -toy), 64, 0.7, 300));
            alone.add(gt.masked() == null && t.nearest() > 46);
            centreErr += Math.pow(cx - t.x(), 2) + Math.pow(cy - t.y(), 2);
            F.add(new StampInput("f", org.galaxyparams.stamp.SubPixelShift.shift(gt.pixels(), 64, -ox, -oy), 64, 0.7, 300));
            truth.add(t.params());
            skyErr += Math.pow(found.background().level((int) cx, (int) cy) - spec.skyAt((int) cx, (int) cy), 2); nSky++;
        }
        System.out.printf("isolated %d, rms sky error at centres %.2f counts%n", truth.size(), Math.sqrt(skyErr / nSky));
        String[] names = {"field (mesh sky)", "field (true sky)", "clean centred", "clean same offset", "clean offset, shifted", "field true sky shifted", "true sky, true shift"};
        List<List<StampInput>> sets = List.of(A, B, C, D, E, F, G);
        System.out.printf("rms centre error %.3f px, alone %d%n", Math.sqrt(centreErr / truth.size()), alone.stream().filter(x -> x).count());
        for (int k = 0; k < 7; k++) {
            List<Estimate> e = est.estimate(sets.get(k), () -> false, null);
            LabelStatistics st = new LabelStatistics(), sa = new LabelStatistics();
            for (int i = 0; i < e.size(); i++) { st.add(e.get(i).best().toArray(), truth.get(i).toArray()); if (alone.get(i)) sa.add(e.get(i).best().toArray(), truth.get(i).toArray()); }
            System.out.printf("%-20s", "  alone");
            for (int l = 0; l < 5; l++) System.out.printf(" %10.4g (bias %9.3g)", sa.rmse(l), sa.bias(l));
            System.out.println();
            System.out.printf("%-20s", names[k]);
            for (int l = 0; l < 5; l++) System.out.printf(" %10.4g (bias %9.3g)", st.rmse(l), st.bias(l));
            System.out.println();
        }
        System.exit(0);
    }
}

package org.galaxyparams.ij;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Plot;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import java.util.ArrayList;
import java.util.List;
import org.galaxyparams.io.SliceLabels;
import org.galaxyparams.report.EvaluationReport;
import org.galaxyparams.sim.GalaxyParams;

/**
 * Plugins &gt; Galaxy Params &gt; Plot Estimates...: the report's figures in Fiji, from a results table of Estimate
 * Parameters or Fit Galaxy and the stack it measured: estimated against true per label, the truth read from the slice
 * labels (a simulated stack carries it). Rows without an estimate or slices without truth are left out, and said.
 */
public class PlotEstimatesPlugin implements PlugIn {
    static final String TITLE = "Plot Estimates";

    static MacroForm form() {
        return new MacroForm().choice("table", new String[] {EstimateParametersPlugin.TABLE, FitGalaxyPlugin.TABLE},
                EstimateParametersPlugin.TABLE);
    }

    @Override
    public void run(String arg) {
        try {
            MacroForm.Values v = PluginOptions.read(TITLE, form(), "table=[" + EstimateParametersPlugin.TABLE + "]");
            if (v == null) return;
            ResultsTable rt = ResultsTable.getResultsTable(v.text("table"));
            if (rt == null || rt.size() == 0)
                throw new IllegalArgumentException("no \"" + v.text("table") + "\" table: run Estimate Parameters or Fit Galaxy on a stack first");
            ImagePlus imp = WindowManager.getCurrentImage();
            if (imp == null) throw new IllegalArgumentException("select the stack the table measured: its slice labels carry the truth");
            List<double[]> truth = new ArrayList<>(), est = new ArrayList<>();
            int skipped = 0;
            for (int r = 0; r < rt.size(); r++) {
                int slice = (int) rt.getValue("slice", r);
                double[] e = new double[5];
                for (int k = 0; k < 5; k++) e[k] = rt.getValue(GalaxyParams.LABELS[k], r);
                SliceLabels.Parsed label = slice >= 1 && slice <= imp.getStackSize() ? parse(GalaxyImages.label(imp, slice)) : null;
                if (label == null || label.truth() == null || !Double.isFinite(e[0])) {
                    skipped++;
                    continue;
                }
                truth.add(label.truth().toArray());
                est.add(e);
            }
            if (truth.isEmpty())
                throw new IllegalArgumentException("no row has both an estimate and a slice label with true parameters in " + imp.getTitle());
            for (int k = 0; k < 5; k++) {
                double[] t = new double[truth.size()], e = new double[truth.size()];
                for (int i = 0; i < t.length; i++) {
                    t[i] = truth.get(i)[k];
                    e[i] = est.get(i)[k];
                }
                Plot p = EvaluationReport.trueAgainstEstimated(imp.getTitle(), k, t, e);
                if (IjUi.headless()) continue;
                p.show();
            }
            if (skipped > 0) ij.IJ.log(TITLE + ": " + skipped + " rows left out (no estimate, or no true parameters in their slice label)");
        } catch (IllegalArgumentException e) {
            IjUi.error(TITLE, e.getMessage());
        }
    }

    private static SliceLabels.Parsed parse(String label) {
        try {
            return SliceLabels.parse(label);
        } catch (IllegalArgumentException notOurs) {
            return null;
        }
    }
}

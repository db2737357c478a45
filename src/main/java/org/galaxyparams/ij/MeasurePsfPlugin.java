package org.galaxyparams.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import java.awt.Color;
import java.util.Locale;
import org.galaxyparams.app.PsfMeasurement;
import org.galaxyparams.app.Target;

/**
 * Plugins &gt; Galaxy Params &gt; Measure PSF from Star...: fits a Moffat profile to the star in the ROI
 * ({@link PsfMeasurement}) and makes its FWHM (and beta) the PSF of the next Estimate Parameters and Fit Galaxy
 * dialogs. The row goes to the "Galaxy Params PSF" table, which macros read with
 * {@code Table.get("psf_fwhm", 0, "Galaxy Params PSF")}; the FWHM circle goes on the overlay.
 */
public class MeasurePsfPlugin implements PlugIn {
    static final String TITLE = "Measure PSF from Star";
    static final String TABLE = "Galaxy Params PSF";

    static MacroForm form() {
        return new MacroForm().number("pixel_scale", 0, 4, "arcsec/pixel (0 = from the image)").flag("clear_table", false);
    }

    @Override
    public void run(String arg) {
        try {
            ImagePlus imp = WindowManager.getCurrentImage();
            if (imp == null || imp.getRoi() == null || !imp.getRoi().isArea())
                throw new IllegalArgumentException("draw a ROI around an isolated, unsaturated star first");
            MacroForm.Values v = PluginOptions.read(TITLE, form(), "pixel_scale=0.23");
            if (v == null) return;
            Roi roi = imp.getRoi();
            double[] c = roi.getContourCentroid();
            Target t = new Target(imp.getCurrentSlice(), roi.getName() != null ? roi.getName() : "star", c[0], c[1],
                    Math.min(roi.getBounds().width, roi.getBounds().height) / 2.0, null);
            ImagePlusSource src = EstimateParametersPlugin.source(imp, TITLE);
            PsfMeasurement.Result r = PsfMeasurement.measure(src, src.inFileRows(java.util.List.of(t)).get(0), v.number("pixel_scale"));
            // the next measuring dialogs open with this PSF
            ij.Prefs.set(PluginOptions.prefsKey(EstimateParametersPlugin.TITLE, "psf_fwhm"), String.valueOf(r.fwhmArcsec()));
            ij.Prefs.set(PluginOptions.prefsKey(FitGalaxyPlugin.TITLE, "psf_fwhm"), String.valueOf(r.fwhmArcsec()));
            // a Gaussian-like star fits beta far above the Moffats the fit takes; the Moffat tends to a Gaussian as beta grows
            ij.Prefs.set(PluginOptions.prefsKey(FitGalaxyPlugin.TITLE, "psf_beta"), String.valueOf(Math.min(r.beta(), 50)));
            IJ.log(String.format(Locale.ROOT, "%s: PSF FWHM %.4f arcsec (%.3f pixels), Moffat beta %.3f at (%.2f, %.2f) of %s%s", TITLE,
                    r.fwhmArcsec(), r.fwhmPixels(), r.beta(), r.x(), r.y(), r.image(), r.message().isEmpty() ? "" : "; " + r.message()));
            ResultsTable rt = IjUi.headless() || v.flag("clear_table") ? null : ResultsTable.getResultsTable(TABLE);
            if (rt == null) rt = new ResultsTable();
            rt.incrementCounter();
            rt.addValue("image", r.image());
            rt.addValue("slice", r.slice());
            rt.addValue("x", r.x());
            rt.addValue("y", r.y());
            rt.addValue("psf_fwhm", r.fwhmArcsec());
            rt.addValue("fwhm_pixels", r.fwhmPixels());
            rt.addValue("psf_beta", r.beta());
            rt.addValue("flux", r.flux());
            rt.addValue("sky", r.sky());
            rt.addValue("sigma", r.sigma());
            rt.addValue("chi2_dof", r.chi2PerDof());
            rt.addValue("message", r.message());
            rt.setDecimalPlaces(rt.getColumnIndex("psf_fwhm"), 4);
            rt.show(TABLE);
            Overlay o = imp.getOverlay() == null ? new Overlay() : imp.getOverlay();
            Roi circle = new OvalRoi(r.x() - r.fwhmPixels() / 2, r.y() - r.fwhmPixels() / 2, r.fwhmPixels(), r.fwhmPixels());
            circle.setStrokeColor(Color.CYAN);
            o.add(circle);
            imp.setOverlay(o);
        } catch (IllegalArgumentException e) {
            IjUi.error(TITLE, e.getMessage());
        }
    }
}

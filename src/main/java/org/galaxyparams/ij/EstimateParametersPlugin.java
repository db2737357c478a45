package org.galaxyparams.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import ij.plugin.frame.RoiManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.galaxyparams.app.EstimateFiles;
import org.galaxyparams.app.EstimateRequest;
import org.galaxyparams.app.Estimation;
import org.galaxyparams.app.ImageResult;
import org.galaxyparams.app.MeasurementRow;
import org.galaxyparams.app.Monitor;
import org.galaxyparams.app.ResultCsv;
import org.galaxyparams.app.Target;
import org.galaxyparams.estimate.EstimateMethod;
import org.galaxyparams.estimate.ModelLocator;
import org.galaxyparams.stamp.SkyMode;

/**
 * Plugins &gt; Galaxy Params &gt; Estimate Parameters...: maps the dialog (or macro options) onto an
 * {@link EstimateRequest} and shows what {@link Estimation} returns, for
 * <ul>
 * <li>the galaxy in the ROI (found inside it and re-centred before the stamp is cut),</li>
 * <li>every ROI of the ROI Manager ({@code all_rois}),</li>
 * <li>without a ROI, every slice of a stack of stamps of the model's size,</li>
 * <li>{@code input=[folder or file.fits] save_csv=[file.csv]}: every stamp of a folder or FITS dataset into a CSV
 * (appended to; files already in it are skipped), also headless.</li>
 * </ul>
 * Rows are added to the "Galaxy Params Estimates" table (and appended to {@code save_csv}); the "Galaxy Params
 * Estimate Images" stack shows data, denoised, model and residual; half-light ellipses go on the overlay.
 */
public class EstimateParametersPlugin implements PlugIn {
    static final String TITLE = "Estimate Parameters";
    static final String TABLE = "Galaxy Params Estimates";
    static final String IMAGES = "Galaxy Params Estimate Images";
    static final String[] DENOISERS = {"none", "EDSR", "RDN"};
    static final String[] DEVICES = {"auto", "cpu", "gpu"};
    static final String[] SKY = {"auto", "subtract", "none"};

    static final String[] VIEWS = {"card", "1", "2", "4", "8"};

    static MacroForm form() {
        EstimateRequest d = EstimateRequest.DEFAULTS;
        return new MacroForm()
                .openChoice("model", ModelLocator.installed(false).toArray(String[]::new), d.model())
                .choice("denoiser", DENOISERS, "none")
                .choice("device", DEVICES, d.device())
                .number("psf_fwhm", 0, 3, "arcsec (0 = from the slice label; a value wins over the label)")
                .number("sigma", 0, 2, "counts (0 = from the label, else the border)")
                .flag("estimate_sigma_from_border", d.sigmaFromBorder())
                .choice("sky", SKY, d.sky().word())
                .choice("method", EstimateMethod.ids(), d.method().id())
                .flag("refine", false)
                .text("prior_box", "")
                .choice("views", VIEWS, "card")
                .flag("resample", d.resample())
                .flag("all_rois", false)
                .flag("show_images", true)
                .flag("overlay", true)
                .flag("clear_table", false)
                .file("input", "")
                .file("save_csv", "")
                .message("method: network alone; ml refines by maximum likelihood (refine: the same); posterior adds the posterior mean and error"
                        + " under the model's prior (about 1 s per galaxy), or under prior_box (e.g. sersic_n=1:4,hlr=0.1:0.3) in place of its ranges.\nviews: average the network over 2, 4 or 8 turned and mirrored copies of each stamp (more accurate, proportionally slower; card: the model's own, 1 for the shipped ones).\ninput: a folder of FITS/TIFF stamps or a FITS dataset, estimated into save_csv instead of the image.");
    }

    /** The method chosen; the older macro key {@code refine} still means ml. */
    static EstimateMethod method(MacroForm.Values v) {
        EstimateMethod m = EstimateMethod.parse(v.text("method"));
        return v.flag("refine") && m == EstimateMethod.NETWORK ? EstimateMethod.ML : m;
    }

    /** The request the dialog's or macro's values make. */
    static EstimateRequest request(MacroForm.Values v) {
        return new EstimateRequest(v.text("model"), v.text("denoiser"), v.text("device"), method(v), v.number("psf_fwhm"),
                v.number("sigma"), v.flag("estimate_sigma_from_border"), SkyMode.parse(v.text("sky")), v.flag("resample"), 0, v.text("prior_box"), views(v.text("views")));
    }

    /** Views of the form's "views" choice: "card" (or empty, in an older macro) is the model card's own. */
    static int views(String choice) {
        return choice == null || choice.isBlank() || choice.equals("card") ? 0 : Integer.parseInt(choice.trim());
    }

    @Override
    public void run(String arg) {
        try {
            MacroForm.Values v = PluginOptions.read(TITLE, form(), "input=[/path/stamps] save_csv=[/path/estimates.csv]");
            if (v == null) return;
            EstimateRequest request = request(v);
            String input = v.text("input"), csv = v.text("save_csv");
            if (!input.isEmpty() && csv.isEmpty())
                throw new IllegalArgumentException("input=[" + input + "] needs save_csv=[file.csv]: the estimates of a folder or file go to a CSV");
            ImagePlus imp = input.isEmpty() ? WindowManager.getCurrentImage() : null;
            if (input.isEmpty() && imp == null)
                throw new IllegalArgumentException("no image: open a stamp, a stack of stamps or an image with a ROI around the galaxy"
                        + " first, or give input=[folder or file.fits] save_csv=[file.csv]");
            List<Target> targets = imp == null ? null : targets(imp, v.flag("all_rois"));
            // a CSV that cannot take the rows is said now, not after the work
            if (!v.text("save_csv").trim().isEmpty()) ResultCsv.checkAppendable(Path.of(v.text("save_csv").trim()));
            Estimation estimation = IjUi.loadEstimation(TITLE, request);
            if (estimation == null) return;
            IJ.resetEscape();
            Monitor monitor = Monitor.of(IjUi.progress("Estimating"), IJ::escapePressed, m -> IJ.log(TITLE + ": " + m));
            if (imp == null) {
                long t0 = System.nanoTime();
                EstimateFiles.Summary s = EstimateFiles.run(estimation, Path.of(input), Path.of(csv), monitor);
                IjUi.done(TITLE + ": " + s.stamps() + " stamps" + (s.cancelled() ? " (cancelled)" : ""));
                IJ.log(TITLE + ": " + s.describe(Path.of(input), Path.of(csv), (System.nanoTime() - t0) / 1e9, estimation.provenance()));
                return;
            }
            ImagePlusSource src = source(imp, TITLE);
            show(imp, src, estimation.image(src, src.inFileRows(targets), monitor), v);
        } catch (IllegalArgumentException | IllegalStateException | IOException e) {
            IjUi.done("");
            IjUi.error(TITLE, e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            IjUi.done("");
            IjUi.error(TITLE, e.getCause().getMessage());
        }
    }


    /**
     * The image as the workflows see it; says in the Log when its FITS rows are taken back to the file's order (the
     * rows' y and g2 are then the file's, as the command line gives them, not the flipped screen's).
     */
    static ImagePlusSource source(ImagePlus imp, String title) {
        ImagePlusSource src = new ImagePlusSource(imp);
        if (src.rowsFlipped())
            IJ.log(title + ": " + imp.getTitle() + " shows its FITS rows bottom-up (ImageJ's FITS reader): measured in the file's row"
                    + " order, so y counts file rows and g2 has the file's sign, as the command line gives them");
        return src;
    }

    /** The galaxies the image mode asks for, in order: the ROI, every ROI of the ROI Manager, or every slice. */
    static List<Target> targets(ImagePlus imp, boolean allRois) {
        List<Target> out = new ArrayList<>();
        if (allRois) {
            RoiManager rm = RoiManager.getInstance();
            if (rm == null || rm.getCount() == 0) {
                throw new IllegalArgumentException("all_rois: the ROI Manager has no ROIs: add one ROI per galaxy (Edit>Selection>"
                        + "Add to Manager, or t) or untick all_rois");
            }
            Roi[] rois = rm.getRoisAsArray();
            for (int i = 0; i < rois.length; i++) {
                Roi r = rois[i];
                String name = rm.getName(i) != null ? rm.getName(i) : "roi " + (i + 1);
                int slice = r.getPosition() > 0 ? r.getPosition()
                        : r.hasHyperStackPosition() ? imp.getStackIndex(r.getCPosition(), r.getZPosition(), r.getTPosition())
                        : imp.getCurrentSlice();
                String error = slice > imp.getStackSize() ? name + " is on slice " + slice + " but the image has " + imp.getStackSize() : null;
                out.add(target(Math.min(slice, imp.getStackSize()), name, r, error));
            }
            return out;
        }
        Roi roi = imp.getRoi();
        if (roi != null && roi.isArea()) {
            out.add(target(imp.getCurrentSlice(), roi.getName() != null ? roi.getName() : "roi", roi, null));
            return out;
        }
        for (int s = 1; s <= imp.getStackSize(); s++) out.add(new Target(s, null, imp.getWidth() / 2.0, imp.getHeight() / 2.0, 0, null));
        return out;
    }

    private static Target target(int slice, String name, Roi r, String error) {
        double[] c = r.getContourCentroid();
        return new Target(slice, name, c[0], c[1], Math.min(r.getBounds().width, r.getBounds().height) / 2.0, error);
    }

    /** Table rows (added to the open table), CSV rows, the images stack and the half-light ellipses. */
    static void show(ImagePlus imp, ImagePlusSource src, ImageResult result, MacroForm.Values v) throws IOException {
        List<MeasurementRow> rows = result.rows();
        long measured = rows.stream().filter(MeasurementRow::ok).count();
        IjUi.done(TITLE + ": " + measured + " of " + rows.size() + " galaxies" + (result.cancelled() ? " (cancelled)" : ""));
        if (result.cancelled()) IJ.log(TITLE + ": cancelled after " + measured + " galaxies");
        String csv = v.text("save_csv");
        if (!csv.isEmpty()) {
            ResultCsv.append(Path.of(csv), rows);
            IJ.log(TITLE + ": added " + rows.size() + " rows to " + csv);
        }
        if (IjUi.headless()) return;
        ResultsTable rt = ResultTables.append(TABLE, rows, v.flag("clear_table"));
        rt.show(TABLE);
        int size = result.stampSize();
        ImageStack images = new ImageStack(size, size);
        Overlay overlay = new Overlay();
        for (int i = 0; i < rows.size(); i++) {
            MeasurementRow r = rows.get(i);
            for (ImageResult.Panel p : result.panels().get(i)) GalaxyImages.addSlice(images, p.label(), src.screenRows(p.pixels()));
            Roi ellipse = r.ok() ? FitGalaxyPlugin.halfLightEllipse(r.estimate(), r.x(), r.y(), result.imageScale(), src) : null;
            if (ellipse != null) {
                if (imp.getStackSize() > 1) ellipse.setPosition(r.slice());
                ellipse.setName(r.roi() != null ? r.roi() : "slice " + r.slice());
                overlay.add(ellipse);
            }
        }
        if (v.flag("overlay")) imp.setOverlay(overlay);
        if (v.flag("show_images") && images.getSize() > 0) {
            ImagePlus out = new ImagePlus(IMAGES, images);
            Calibration cal = out.getCalibration();
            cal.pixelWidth = cal.pixelHeight = result.pixelScale();
            cal.setUnit(GalaxyImages.UNIT);
            out.resetDisplayRange();
            IjUi.show(out);
        }
    }
}

package org.galaxyparams.ij;

import org.galaxyparams.io.SliceLabels;
import ij.IJ;
import ij.ImagePlus;
import ij.gui.DialogListener;
import ij.gui.GenericDialog;
import ij.gui.ImageWindow;
import ij.gui.NonBlockingGenericDialog;
import ij.plugin.PlugIn;
import ij.process.FloatProcessor;

import java.awt.AWTEvent;
import java.awt.Label;
import java.util.Locale;

import org.galaxyparams.io.DatasetInfo;
import org.galaxyparams.sim.FixedGalaxyPrior;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.SampleFactory;
import org.galaxyparams.sim.SimulationConfig;
import org.galaxyparams.sim.StampGeometry;

/**
 * Plugins &gt; Galaxy Params &gt; Galaxy Explorer...: sliders for one galaxy (flux, n, hlr, g1, g2), the PSF FWHM,
 * noise sigma and seed; its noiseless and noisy images are redrawn live, side by side, with the SNR. Needs a
 * display. From a macro (e.g. {@code flux=100000 n=3 hlr=0.3 g1=0 g2=0 psf_fwhm=0.5 sigma=200 seed=1}) it shows
 * no dialog: it renders once and logs the SNR.
 */
public class GalaxyExplorerPlugin implements PlugIn, DialogListener {
    public static final String COMMAND = "Galaxy Explorer...";
    static final String TITLE = "Galaxy Explorer";

    private final MacroForm form = form();
    private ImagePlus noiseless;
    private ImagePlus noisy;
    private Label status;
    private SampleFactory factory;
    private SimulationConfig factoryConfig;

    static MacroForm form() {
        GalaxyParams g = Preset.TEST_GALAXY;
        StampGeometry geo = StampGeometry.DEFAULT;
        return new MacroForm()
                .slider("flux", 1e3, 1e6, g.flux(), 1000, "counts")
                .slider("n", 0.5, 6, g.sersicN(), 0.05, "Sersic index")
                .slider("hlr", 0.05, 1.5, g.hlrArcsec(), 0.005, "arcsec")
                .slider("g1", -0.6, 0.6, g.g1(), 0.001, "shear")
                .slider("g2", -0.6, 0.6, g.g2(), 0.001, "shear")
                .slider("psf_fwhm", 0.3, 1.5, 0.5, 0.01, "arcsec")
                .slider("sigma", 1, 1000, 200, 1, "counts")
                .longText("seed", 1)
                .integer("stamp_size", geo.size(), "pixels").sameRow().number("pixel_scale", geo.pixelScale(), 3, "arcsec/pixel")
                .number("psf_beta", Preset.PSF_BETA, 2, "Moffat")
                .message("Flux and sigma in counts; hlr and PSF FWHM in arcsec.");
    }

    @Override
    public void run(String arg) {
        if (IjUi.headless()) {
            IJ.log(TITLE + " needs a display (it is an interactive window); use Simulate Galaxies... for headless runs");
            return;
        }
        String macro = IjUi.macroOptions();
        if (macro != null) { // render once, no dialog
            IjUi.warnUnknown(TITLE, form, form.unknownKeys(macro));
            try {
                update(form.read(macro), true);
            } catch (IllegalArgumentException e) {
                IjUi.error(TITLE, e.getMessage());
            }
            return;
        }
        NonBlockingGenericDialog gd = new NonBlockingGenericDialog(TITLE);
        form.addTo(gd);
        gd.addMessage("SNR = ...........");
        status = (Label) gd.getMessage();
        try {
            update(form.read((String) null), false); // defaults: first picture before the dialog opens
        } catch (IllegalArgumentException e) {
            status.setText(e.getMessage());
        }
        gd.addDialogListener(this);
        ImageWindow right = noisy == null ? null : noisy.getWindow();
        int screenWidth = java.awt.Toolkit.getDefaultToolkit().getScreenSize().width;
        if (right != null && right.getX() + right.getWidth() + 560 < screenWidth) { // dialog right of the images
            gd.centerDialog(false);
            gd.setLocation(right.getX() + right.getWidth() + 10, right.getY());
        }
        gd.showDialog(); // the listener renders on every change, and once more on OK
        if (gd.wasCanceled()) {
            for (ImagePlus imp : new ImagePlus[] {noiseless, noisy}) if (imp != null) imp.close();
        }
    }

    @Override
    public boolean dialogItemChanged(GenericDialog gd, AWTEvent e) {
        try {
            update(form.read(gd), false);
            return true;
        } catch (IllegalArgumentException ex) {
            status.setText(ex.getMessage());
            return false;
        }
    }

    /** Renders with the core and shows the two images. */
    private void update(MacroForm.Values v, boolean log) {
        GalaxyParams params = new GalaxyParams(v.number("flux"), v.number("n"), v.number("hlr"), v.number("g1"),
                v.number("g2")).validate();
        double psfFwhm = v.number("psf_fwhm"), sigma = v.number("sigma");
        if (!(sigma >= 0)) throw new IllegalArgumentException("sigma must be >= 0 counts");
        StampGeometry geo = new StampGeometry(v.integer("stamp_size", 8, 1024), v.number("pixel_scale"));
        SimulationConfig config = new SimulationConfig(new FixedGalaxyPrior(params, psfFwhm, sigma), v.number("psf_beta"),
                geo, v.integer("seed"), 0, Double.POSITIVE_INFINITY, true, false);
        config.psf(psfFwhm); // checks beta and FWHM
        if (factory == null || !sameRendering(config, factoryConfig)) {
            factory = new SampleFactory(config);
            factoryConfig = config;
        }
        Sample s = factory.render(params, psfFwhm, sigma, config.seed());
        String label = SliceLabels.format(s);
        String snr = String.format(Locale.ROOT, "SNR = %.2f", s.snr());
        DatasetInfo info = new DatasetInfo(geo, DatasetInfo.MOFFAT, config.psfBeta(), "explorer", null, config.seed(),
                "run(\"" + COMMAND + "\", \"...\");");
        noiseless = show(noiseless, TITLE + " noiseless", s.noiseless(), label, info, GalaxyImages.NOISELESS, null);
        noisy = show(noisy, TITLE + " noisy", s.noisy(), label, info, GalaxyImages.NOISY, noiseless);
        if (status != null) status.setText(snr);
        if (log) IJ.log(TITLE + ": " + snr + " (" + label + ")");
    }

    private static boolean sameRendering(SimulationConfig a, SimulationConfig b) {
        return a.geometry().equals(b.geometry()) && Double.compare(a.psfBeta(), b.psfBeta()) == 0;
    }

    /** Creates and shows the image, or puts new pixels into it. */
    private static ImagePlus show(ImagePlus imp, String title, float[] pixels, String label, DatasetInfo info,
                                  String kind, ImagePlus leftNeighbour) {
        int size = info.geometry().size();
        FloatProcessor fp = new FloatProcessor(size, size, pixels);
        boolean fresh = imp == null || imp.getWindow() == null; // first time, or its window was closed
        if (fresh) imp = new ImagePlus(title, fp);
        else imp.setProcessor(fp);
        imp.setProp("Slice_Label", label);
        GalaxyImages.describe(imp, info, kind);
        imp.resetDisplayRange();
        if (fresh) {
            ImageWindow left = leftNeighbour == null ? null : leftNeighbour.getWindow();
            if (left != null) {
                ImageWindow.setNextLocation(left.getX() + left.getWidth() + 10, left.getY());
            } else if (!ij.macro.Interpreter.isBatchMode()) {
                ij.ImageJ main = IJ.getInstance();
                ImageWindow.setNextLocation(10, main == null ? 10 : main.getY() + main.getHeight() + 10);
            }
            IjUi.show(imp);
        } else {
            imp.updateAndDraw();
        }
        return imp;
    }
}

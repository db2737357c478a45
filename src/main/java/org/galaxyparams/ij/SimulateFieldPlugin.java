package org.galaxyparams.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileInfo;
import ij.measure.Calibration;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import ij.process.FloatProcessor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import nom.tam.fits.Header;
import nom.tam.fits.HeaderCardException;
import org.galaxyparams.app.FieldSimulation;
import org.galaxyparams.app.Monitor;
import org.galaxyparams.field.FieldImage;
import org.galaxyparams.field.FieldSimulator;
import org.galaxyparams.field.FieldSpec;
import org.galaxyparams.field.FieldTruth;
import org.galaxyparams.field.TruthTable;
import org.galaxyparams.io.OutputFile;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.Preset;

/**
 * Plugins &gt; Galaxy Params &gt; Simulate Field...: maps the dialog (or macro options) onto a {@link FieldSpec}, draws
 * the field ({@link FieldSimulator}; with {@code save_to}, {@link FieldSimulation} also writes it as FITS and its
 * truth as CSV beside it) and shows it as a 32-bit image as ImageJ's FITS reader would show the file: rows flipped
 * (first FITS row at the bottom), calibration in arcsec, the FITS header in "Info" (PIXSCALE, PSF_FWHM, PSFBETA,
 * SIGMA, the WCS), so that Measure Field reads it exactly as the file. The truth goes to the "Galaxy Params Field
 * Truth" table (x, y as in the truth CSV: rows as the file stores them).
 */
public class SimulateFieldPlugin implements PlugIn {
    public static final String COMMAND = "Simulate Field...";
    static final String TITLE = "Simulate Field";
    static final String TABLE = "Galaxy Params Field Truth";
    static final String[] PRESETS = {"dataset1", "dataset2", "dataset3"};
    /** A smaller default than the CLI's 4096 x 4096 field, so that a first try is quick. */
    static final int SIDE = 1024, GALAXIES = 60, STARS = 8;

    static MacroForm form() {
        FieldSpec d = FieldSpec.DEFAULTS;
        return new MacroForm()
                .integer("width", SIDE, "pixels")
                .integer("height", SIDE, "pixels")
                .integer("galaxies", GALAXIES, null)
                .integer("stars", STARS, null)
                .choice("preset", PRESETS, d.preset().id())
                .number("psf_fwhm", d.psfFwhm(), 3, "arcsec (Moffat, beta 2)")
                .number("sigma", d.sigma(), 1, "counts (read noise)")
                .number("sky", d.sky(), 1, "counts/pixel")
                .number("sky_gradient", d.skyGradient(), 1, "counts/pixel across the width")
                .number("pairs", d.pairFraction(), 3, "fraction of galaxies 6-15 pixels from another")
                .number("pixel_scale", d.pixelScale(), 4, "arcsec/pixel")
                .flag("wcs", d.wcs())
                .longText("seed", d.seed())
                .file("save_to", "")
                .flag("overwrite", false)
                .message("save_to: field FITS (optional), its truth table written beside it (.truth.csv).");
    }

    /** The spec the dialog's or macro's values make. */
    static FieldSpec spec(MacroForm.Values v) {
        return new FieldSpec(v.integer("width", 1, Integer.MAX_VALUE), v.integer("height", 1, Integer.MAX_VALUE),
                v.integer("galaxies", 0, Integer.MAX_VALUE), v.integer("stars", 0, Integer.MAX_VALUE), Preset.parse(v.text("preset")),
                v.number("psf_fwhm"), v.number("sigma"), v.number("sky"), v.number("sky_gradient"), v.number("pairs"), v.number("pixel_scale"),
                v.flag("wcs"), v.integer("seed"));
    }

    /** The macro call that makes this spec, recorded in the FITS header (GPCMD). */
    static String macroCall(FieldSpec s) {
        return String.format(Locale.ROOT, "run(\"%s\", \"width=%d height=%d galaxies=%d stars=%d preset=%s psf_fwhm=%s sigma=%s sky=%s"
                + " sky_gradient=%s pairs=%s pixel_scale=%s%s seed=%d\")", COMMAND, s.width(), s.height(), s.galaxies(), s.stars(), s.preset().id(),
                s.psfFwhm(), s.sigma(), s.sky(), s.skyGradient(), s.pairFraction(), s.pixelScale(), s.wcs() ? " wcs" : "", s.seed());
    }

    @Override
    public void run(String arg) {
        try {
            MacroForm.Values v = PluginOptions.read(TITLE, form(), "width=1024 height=1024 galaxies=60 stars=8 wcs seed=1 save_to=[/path/field.fits]");
            if (v == null) return;
            FieldSpec spec = spec(v);
            String saveTo = v.text("save_to");
            Path out = saveTo.isEmpty() ? null : Path.of(saveTo).toAbsolutePath();
            Path truth = out == null ? null : FieldSimulation.truthBeside(out);
            if (out == null && IjUi.headless())
                throw new IllegalArgumentException("without a display the field can only be saved: give save_to=[/path/field.fits]");
            if (out != null) checkOutputs(out, truth, v.flag("overwrite"));
            GalaxyImages.checkMemory(3L * spec.width() * spec.height() * 4, "a " + spec.width() + " x " + spec.height() + " field");

            IJ.resetEscape();
            Monitor monitor = IjUi.monitor(TITLE, "Simulating");
            long t0 = System.nanoTime();
            FieldSimulator.SimulatedField f = out != null ? FieldSimulation.run(spec, out, truth, macroCall(spec), monitor)
                    : FieldSimulator.simulate(spec, monitor, monitor::isCancelled);
            if (f == null) {
                IjUi.done(TITLE + ": cancelled, nothing saved");
                return;
            }
            IjUi.done(String.format(Locale.ROOT, "%s: %d galaxies and %d stars in %.1f s", TITLE, spec.galaxies(), spec.stars(),
                    (System.nanoTime() - t0) / 1e9));
            if (out != null) IJ.log(TITLE + ": wrote " + out + " and " + truth);
            if (IjUi.headless()) return;
            String title = out != null ? out.getFileName().toString() : "Field " + spec.preset().id() + " seed " + spec.seed();
            ImagePlus imp = image(title, spec, f.image());
            if (out != null) imp.setFileInfo(savedAs(out)); // Measure Field then never writes over the field's file
            IjUi.show(imp);
            truthTable(f.truth()).show(TABLE);
        } catch (IllegalArgumentException | IOException | HeaderCardException e) {
            IjUi.done("");
            IjUi.error(TITLE, e.getMessage());
        }
    }

    /** Refuses outputs in a missing folder, or already there without overwrite (the project never replaces a file unasked). */
    static void checkOutputs(Path fits, Path truth, boolean overwrite) {
        if (fits.getParent() != null && !Files.isDirectory(fits.getParent()))
            throw new IllegalArgumentException("save_to: folder " + fits.getParent() + " does not exist: create it, or give another path");
        OutputFile.check(fits);
        OutputFile.check(truth, fits);
        for (Path p : new Path[] {fits, truth})
            if (Files.exists(p) && !overwrite)
                throw new IllegalArgumentException(p + " exists: give another save_to (the truth table goes beside it, .truth.csv), or tick"
                        + " overwrite to replace it");
    }


    /**
     * The field as ImageJ's FITS reader shows the file: 32-bit, rows flipped when the reader flips them, arcsec
     * calibration and the FITS header in "Info". Not shown.
     */
    static ImagePlus image(String title, FieldSpec spec, FieldImage f) throws HeaderCardException {
        boolean flip = FieldImages.fitsReaderFlips();
        int w = f.width(), h = f.height();
        float[] px = new float[w * h];
        for (int y = 0; y < h; y++) System.arraycopy(f.pixels(), (flip ? h - 1 - y : y) * w, px, y * w, w);
        ImagePlus imp = new ImagePlus(title, new FloatProcessor(w, h, px));
        Calibration cal = imp.getCalibration();
        cal.pixelWidth = cal.pixelHeight = f.pixelScale();
        cal.setUnit(GalaxyImages.UNIT);
        imp.setProperty("Info", info(spec, f));
        imp.resetDisplayRange();
        return imp;
    }

    /** Where the shown image is saved, as ImageJ records the file an image was opened from. */
    static FileInfo savedAs(Path fits) {
        FileInfo fi = new FileInfo();
        fi.fileFormat = FileInfo.FITS;
        fi.fileName = fits.getFileName().toString();
        fi.directory = fits.getParent() + java.io.File.separator;
        return fi;
    }

    /** The header FieldFits writes for this field, as "Info" lines. */
    static String info(FieldSpec spec, FieldImage f) throws HeaderCardException {
        Header h = new Header();
        h.addValue("PIXSCALE", f.pixelScale(), "pixel scale [arcsec/pixel]");
        h.addValue("PSF_FWHM", f.psfFwhm(), "PSF FWHM [arcsec]");
        h.addValue("PSFTYPE", "MOFFAT", "PSF family: MOFFAT or GAUSSIAN");
        h.addValue("PSFBETA", Preset.PSF_BETA, "Moffat beta of the PSF");
        h.addValue("SIGMA", f.sigma(), "Gaussian noise sigma [counts]");
        if (f.wcs() != null) f.wcs().writeTo(h);
        h.addValue("PRESET", spec.preset().id(), "prior of the galaxies");
        h.addValue("SEED", spec.seed(), "base seed");
        h.addValue("NGALAXY", spec.galaxies(), "galaxies drawn");
        h.addValue("NSTAR", spec.stars(), "stars drawn");
        h.addValue("SKY", spec.sky(), "sky at the centre [counts/pixel]");
        h.addValue("SKYGRAD", spec.skyGradient(), "sky change across the width [counts/pixel]");
        h.addValue("BUNIT", "count", "data physical unit");
        return FieldImages.fitsInfo(f.width(), f.height(), h);
    }

    /** The truth as a table with the truth CSV's columns ({@link TruthTable#HEADER}); missing values NaN. */
    static ResultsTable truthTable(List<FieldTruth> truth) {
        String[] names = TruthTable.HEADER.split(",");
        int[] digits = {0, -1, 3, 3, 1, 5, 6, 6, 6, 3, 2, 5}; // as FieldSimulation.writeTruth writes them
        ResultsTable rt = new ResultsTable();
        for (FieldTruth t : truth) {
            GalaxyParams p = t.params();
            Object[] values = {t.id(), t.kind(), t.x(), t.y(), p.flux(), p.sersicN(), p.hlrArcsec(), p.g1(), p.g2(), t.snr(),
                    Double.isFinite(t.nearest()) ? t.nearest() : Double.NaN, t.blendFraction()};
            rt.incrementCounter();
            for (int c = 0; c < names.length; c++) {
                if (values[c] instanceof String s) rt.addValue(names[c], s);
                else rt.addValue(names[c], ((Number) values[c]).doubleValue());
            }
        }
        for (int c = 0; c < names.length; c++) {
            int i = rt.getColumnIndex(names[c]);
            if (digits[c] >= 0 && i != ResultsTable.COLUMN_NOT_FOUND) rt.setDecimalPlaces(i, digits[c]);
        }
        return rt;
    }
}

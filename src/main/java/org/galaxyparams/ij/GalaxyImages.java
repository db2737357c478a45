package org.galaxyparams.ij;

import org.galaxyparams.io.SliceLabels;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;

import org.galaxyparams.io.DatasetInfo;
import org.galaxyparams.io.DatasetReader;
import org.galaxyparams.io.DatasetWriter;
import org.galaxyparams.sim.ProgressListener;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.StampGeometry;

/**
 * Converts between ImageJ stacks and datasets: 32-bit stacks whose slice labels carry the labels
 * ({@link SliceLabels}), spatial calibration in arcsec, and the dataset header kept as image properties
 * (saved with TIFFs) so that a stack can be written back as a dataset.
 */
public final class GalaxyImages {
    private GalaxyImages() {}

    /** What a stack holds (property {@link #PROP_KIND}). */
    public static final String NOISY = "noisy", NOISELESS = "noiseless", PSF = "psf";

    public static final String PROP_KIND = "GalaxyParams.Kind";
    public static final String PROP_PRESET = "GalaxyParams.Preset";
    public static final String PROP_SEED = "GalaxyParams.Seed";
    public static final String PROP_PRIOR = "GalaxyParams.Prior";
    public static final String PROP_COMMAND = "GalaxyParams.Command";
    public static final String PROP_PSF_TYPE = "GalaxyParams.PsfType";
    public static final String PROP_PSF_BETA = "GalaxyParams.PsfBeta";
    public static final String PROP_VERSION = "GalaxyParams.Version";
    public static final String PROP_OFFSET_X = "GalaxyParams.OffsetX";
    public static final String PROP_OFFSET_Y = "GalaxyParams.OffsetY";
    static final String UNIT = "arcsec";

    /** Adds a slice (the pixels are used, not copied: row-major, index y * size + x). */
    public static void addSlice(ImageStack stack, String label, float[] pixels) {
        stack.addSlice(label, new FloatProcessor(stack.getWidth(), stack.getHeight(), pixels));
    }

    /**
     * An image of {@code stack} with the pixel scale as calibration (arcsec) and {@code info} and {@code kind}
     * as properties. Not shown.
     */
    public static ImagePlus image(String title, ImageStack stack, DatasetInfo info, String kind) {
        ImagePlus imp = new ImagePlus(title, stack);
        if (stack.getSize() == 1 && stack.getSliceLabel(1) != null) imp.setProp("Slice_Label", stack.getSliceLabel(1));
        describe(imp, info, kind);
        imp.resetDisplayRange();
        return imp;
    }

    /** Sets calibration (arcsec/pixel), the dataset properties and a readable "Info" text. */
    public static void describe(ImagePlus imp, DatasetInfo info, String kind) {
        StampGeometry g = info.geometry();
        Calibration cal = imp.getCalibration();
        cal.pixelWidth = cal.pixelHeight = g.pixelScale();
        cal.setUnit(UNIT);
        imp.setProp(PROP_KIND, kind);
        imp.setProp(PROP_PRESET, info.preset());
        imp.setProp(PROP_SEED, info.seed() == 0 ? null : Long.toString(info.seed()));
        imp.setProp(PROP_PRIOR, info.prior());
        imp.setProp(PROP_COMMAND, info.command());
        imp.setProp(PROP_PSF_TYPE, info.psfType());
        imp.setProp(PROP_PSF_BETA, info.psfBeta());
        imp.setProp(PROP_VERSION, info.version());
        imp.setProp(PROP_OFFSET_X, g.offsetX() == 0 ? null : SliceLabels.number(g.offsetX()));
        imp.setProp(PROP_OFFSET_Y, g.offsetY() == 0 ? null : SliceLabels.number(g.offsetY()));
        StringBuilder b = new StringBuilder("Galaxy Params ").append(kind).append(" images\n");
        line(b, "preset", info.preset());
        line(b, "seed", info.seed() == 0 ? null : Long.toString(info.seed()));
        line(b, "prior", info.prior());
        line(b, "psf", info.psfType() == null ? null
                : info.psfType() + (Double.isNaN(info.psfBeta()) ? "" : " beta=" + SliceLabels.number(info.psfBeta())));
        line(b, "stamp", g.size() + "x" + g.size() + " pixels, " + SliceLabels.number(g.pixelScale()) + " arcsec/pixel");
        line(b, "command", info.command());
        line(b, "version", info.version());
        b.append("Slice labels: flux and sigma in counts, hlr and psf (FWHM) in arcsec.\n");
        imp.setProperty("Info", b.toString());
    }

    private static void line(StringBuilder b, String key, String value) {
        if (value != null) b.append(key).append(" = ").append(value).append('\n');
    }

    /** The first line of slice {@code n}'s label (1-based), or null. */
    public static String label(ImagePlus imp, int n) {
        String label = imp.getStackSize() == 1 ? imp.getProp("Slice_Label") : imp.getStack().getSliceLabel(n);
        if (label == null && imp.getStackSize() == 1 && imp.getStack().getSliceLabel(1) != null
                && !imp.getStack().getSliceLabel(1).contains("\n")) {
            label = imp.getStack().getSliceLabel(1);
        }
        if (label == null) return null;
        int newline = label.indexOf('\n');
        return newline >= 0 ? label.substring(0, newline) : label;
    }

    /**
     * Pixel scale in arcsec/pixel from the calibration, to 7 significant digits (TIFF files store it as a 32-bit
     * rational: 0.23 comes back as 0.2300000046), or NaN if it is not in arcsec or not square.
     */
    public static double pixelScaleArcsec(ImagePlus imp) {
        Calibration cal = imp.getCalibration();
        String unit = cal.getUnit() == null ? "" : cal.getUnit().trim().toLowerCase(Locale.ROOT);
        boolean arcsec = unit.equals("arcsec") || unit.equals("arcsecond") || unit.equals("arcseconds") || unit.equals("\"");
        if (!arcsec || cal.pixelWidth != cal.pixelHeight || !(cal.pixelWidth > 0)) return Double.NaN;
        return Double.parseDouble(SliceLabels.rounded(cal.pixelWidth));
    }

    /** The dataset header an image carries in its properties, with this geometry; {@code command} if it has none. */
    public static DatasetInfo info(ImagePlus imp, StampGeometry geometry, String command) {
        String recorded = imp.getProp(PROP_COMMAND);
        return new DatasetInfo(geometry, imp.getProp(PROP_PSF_TYPE), number(imp, PROP_PSF_BETA, Double.NaN),
                imp.getProp(PROP_PRESET), imp.getProp(PROP_PRIOR), longProp(imp, PROP_SEED),
                recorded != null ? recorded : command);
    }

    private static double number(ImagePlus imp, String key, double absent) {
        String v = imp.getProp(key);
        if (v == null || v.isBlank()) return absent;
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("image property " + key + " = '" + v + "' is not a number");
        }
    }

    private static long longProp(ImagePlus imp, String key) {
        String v = imp.getProp(key);
        if (v == null || v.isBlank()) return 0;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("image property " + key + " = '" + v + "' is not a whole number");
        }
    }

    /**
     * Opens a dataset (or a plain FITS image) as stacks: noisy, noiseless and PSF, those the file has. A PSF
     * shared by all samples comes back as one image.
     *
     * @param maxImages open only the first this many images; 0 for all
     * @param pixelScaleArcsec used when the file has no PIXSCALE; NaN to require one
     * @throws IOException naming the file and the problem
     * @throws IllegalArgumentException if the stacks would not fit in ImageJ's memory
     * @throws CancellationException if the listener cancels
     */
    public static List<ImagePlus> open(Path file, int maxImages, double pixelScaleArcsec, ProgressListener progress)
            throws IOException {
        try (DatasetReader r = DatasetReader.open(file, pixelScaleArcsec)) {
            DatasetInfo info = r.info();
            int size = r.size();
            int n = maxImages > 0 ? Math.min(maxImages, r.count()) : r.count();
            int stacks = (r.hasNoisy() ? 1 : 0) + (r.hasNoiseless() ? 1 : 0) + (r.hasPsf() ? 1 : 0);
            checkMemory((long) n * size * size * 4 * stacks, file.getFileName() + " (" + n + " images of " + size + "x" + size
                    + " pixels, " + stacks + " stacks)");
            ImageStack noisy = r.hasNoisy() ? new ImageStack(size, size) : null;
            ImageStack noiseless = r.hasNoiseless() ? new ImageStack(size, size) : null;
            ImageStack psf = r.hasPsf() ? new ImageStack(size, size) : null;
            boolean samePsf = true;
            for (int i = 0; i < n; i++) {
                if (progress.isCancelled()) throw new CancellationException("cancelled after " + i + " images");
                String label = SliceLabels.format(r.truth(i), r.psfFwhm(i), r.sigma(i), r.snr(i), r.seed(i));
                if (noisy != null) addSlice(noisy, label, r.noisy(i));
                if (noiseless != null) addSlice(noiseless, label, r.noiseless(i));
                if (psf != null) {
                    float[] p = r.psf(i);
                    if (i > 0 && samePsf) samePsf = Arrays.equals(p, (float[]) psf.getPixels(1));
                    addSlice(psf, "psf=" + SliceLabels.rounded(r.psfFwhm(i)), p);
                }
                progress.progress(i + 1, n);
            }
            if (psf != null && samePsf && psf.getSize() > 1) {
                while (psf.getSize() > 1) psf.deleteLastSlice();
            }
            String name = file.getFileName().toString().replaceFirst("(?i)\\.fits?$", "");
            List<ImagePlus> out = new ArrayList<>();
            if (noisy != null) out.add(image(name + " noisy", noisy, info, NOISY));
            if (noiseless != null) out.add(image(name + " noiseless", noiseless, info, NOISELESS));
            if (psf != null) out.add(image(name + " PSF", psf, info, PSF));
            return out;
        }
    }

    /**
     * Writes a stack as a dataset: as noiseless images if its kind property says so, else as noisy images. Slice
     * labels that all carry true parameters give a dataset with truth; otherwise observation labels (psf,
     * sigma) only.
     *
     * @param pixelScaleArcsec arcsec/pixel
     * @param command recorded as GPCMD unless the image carries the command that made it
     * @return the number of images written
     * @throws IllegalArgumentException for an image that cannot be a dataset, naming the problem
     * @throws CancellationException if the listener cancels (nothing is written)
     */
    public static int save(ImagePlus imp, Path file, double pixelScaleArcsec, String command, ProgressListener progress)
            throws IOException {
        if (imp.getBitDepth() == 24) throw new IllegalArgumentException("RGB images cannot be saved as a dataset: convert to 32-bit first");
        if (imp.getWidth() != imp.getHeight()) {
            throw new IllegalArgumentException("stamps must be square; this image is " + imp.getWidth() + "x" + imp.getHeight() + " pixels");
        }
        String kind = imp.getProp(PROP_KIND);
        if (PSF.equals(kind)) throw new IllegalArgumentException("this is a PSF image: select the noisy or noiseless stack");
        boolean asNoiseless = NOISELESS.equals(kind);
        StampGeometry g = new StampGeometry(imp.getWidth(), pixelScaleArcsec, number(imp, PROP_OFFSET_X, 0),
                number(imp, PROP_OFFSET_Y, 0));
        int n = imp.getStackSize();
        List<SliceLabels.Parsed> labels = new ArrayList<>(n);
        int withTruth = 0;
        for (int i = 1; i <= n; i++) {
            try {
                SliceLabels.Parsed p = SliceLabels.parse(label(imp, i));
                labels.add(p);
                if (p.truth() != null) withTruth++;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("slice " + i + " label: " + e.getMessage());
            }
        }
        boolean truth = withTruth == n;
        if (withTruth > 0 && !truth) {
            IJ.log("Save Galaxy Dataset: only " + withTruth + " of " + n + " slice labels carry true parameters; "
                    + "saving observation labels (psf, sigma) only");
        }
        DatasetInfo info = info(imp, g, command);
        DatasetWriter w = DatasetWriter.create(file, info, asNoiseless, false);
        try {
            ImageStack stack = imp.getStack();
            for (int i = 1; i <= n; i++) {
                if (progress.isCancelled()) throw new CancellationException("cancelled after " + (i - 1) + " images");
                float[] pixels = floatPixels(stack.getProcessor(i));
                SliceLabels.Parsed p = labels.get(i - 1);
                if (!truth) p = new SliceLabels.Parsed(null, p.psfFwhmArcsec(), p.sigma(), Double.NaN, 0);
                w.append(asNoiseless ? p.sample(null, pixels) : p.sample(pixels, null));
                progress.progress(i, n);
            }
        } catch (IOException | RuntimeException e) {
            w.abort();
            throw e;
        }
        w.commit();
        return n;
    }

    private static float[] floatPixels(ImageProcessor ip) {
        return ip instanceof FloatProcessor ? (float[]) ip.getPixels() : (float[]) ip.convertToFloat().getPixels();
    }

    /** @throws IllegalArgumentException if {@code bytes} more would not fit in ImageJ's memory */
    static void checkMemory(long bytes, String what) {
        long free = IJ.maxMemory() - IJ.currentMemory();
        if (bytes > 0.8 * free) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s need %.1f MB but ImageJ has only %.1f MB free: open fewer images, or raise Edit>Options>Memory",
                    what, bytes / 1e6, free / 1e6));
        }
    }
}

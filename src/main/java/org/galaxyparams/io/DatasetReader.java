package org.galaxyparams.io;

import static org.galaxyparams.io.DatasetKeys.*;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import nom.tam.fits.Header;
import nom.tam.fits.header.IFitsHeader;

import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.Sample;

/**
 * Reads a dataset file (SPEC section 3), or a plain FITS image as a one-image observation. Headers and labels
 * are read on opening; images are read from the file on demand, one stamp at a time, so large datasets need
 * little memory. Thread-safe for reading. Images read back exactly as written (float32, row-major, index
 * y * size + x, FITS x = NAXIS1 fastest).
 * <p>
 * Labels come from the LABELS table; without one (a plain image) from the primary-header keywords PSF_FWHM (or
 * PSFFWHM), SIGMA, SNR, SEED and, when all five are present, FLUX, SERSIC_N, HLR, G1, G2. Missing values are
 * NaN (seed: 0), missing truth is null. Image reads that fail after opening throw UncheckedIOException.
 */
public final class DatasetReader implements Closeable {
    private final Path file;
    private final FileBytes bytes;
    private final DatasetInfo info;
    private final boolean scaleAssumed;
    private final int count;
    private final FitsHdu noisy;
    private final FitsHdu noiseless;
    private final FitsHdu psf;
    private final Labels labels;

    /** Per-image labels; truth arrays null when absent. */
    private record Labels(double[] flux, double[] sersicN, double[] hlr, double[] g1, double[] g2,
                          double[] psfFwhm, double[] sigma, double[] snr, long[] seed) {}

    private DatasetReader(Path file, FileBytes bytes, double defaultPixelScale) throws IOException {
        this.file = file;
        this.bytes = bytes;
        List<FitsHdu> hdus = FitsScanner.scan(bytes, file.toString());
        FitsHdu primary = hdus.get(0);
        Header head = primary.header();
        noisy = primary.naxis() == 0 ? null : primary;
        noiseless = extension(hdus, EXT_NOISELESS, "IMAGE");
        psf = extension(hdus, EXT_PSF, "IMAGE");
        FitsHdu table = extension(hdus, EXT_LABELS, "BINTABLE");

        FitsHdu images = noisy != null ? noisy : noiseless;
        if (images == null) throw fail("no image: the primary HDU is empty and there is no NOISELESS extension");
        int size = checkSquare(images);
        count = depth(images);
        if (noisy != null && noiseless != null) checkShape(noiseless, size, count, count);
        if (psf != null) checkShape(psf, size, 1, count);
        if (head.containsKey(NSAMPLE) && head.getLongValue(NSAMPLE, -1) != count) {
            throw fail("the header says NSAMPLE = " + head.getLongValue(NSAMPLE, -1) + " but the file holds " + count
                    + " images: the file was not completely written");
        }
        if (table == null && head.containsKey(NSAMPLE)) {
            throw fail("a dataset (NSAMPLE is set) without a LABELS table: the file is incomplete");
        }
        labels = table != null ? tableLabels(table) : headerLabels(head);
        try {
            info = DatasetHeader.read(head, size, defaultPixelScale);
            scaleAssumed = Double.isNaN(DatasetHeader.statedScale(head));
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
    }

    /** Opens a dataset; the primary header must give PIXSCALE. */
    public static DatasetReader open(Path file) throws IOException { return open(file, Double.NaN); }

    /**
     * Opens a dataset or plain FITS image.
     *
     * @param defaultPixelScale arcsec/pixel used when the header has no PIXSCALE; NaN to require PIXSCALE
     * @throws IOException naming the file and the problem if it is missing, not FITS, truncated or inconsistent
     */
    public static DatasetReader open(Path file, double defaultPixelScale) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("cannot read " + file + ": " + (Files.exists(file) ? "not a regular file" : "no such file"));
        }
        FileBytes ch;
        try {
            ch = new FileBytes(file);
        } catch (FileNotFoundException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return new DatasetReader(file, ch, defaultPixelScale);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public Path path() { return file; }

    public DatasetInfo info() { return info; }

    /** Whether the pixel scale is the default given to {@link #open(Path, double)}: the file states none. */
    public boolean pixelScaleAssumed() { return scaleAssumed; }

    /** Number of images. */
    public int count() { return count; }

    /** Stamp size in pixels (images are size x size). */
    public int size() { return info.geometry().size(); }

    public boolean hasNoisy() { return noisy != null; }

    public boolean hasNoiseless() { return noiseless != null; }

    public boolean hasPsf() { return psf != null; }

    /** True when the labels hold the true parameters (simulations), false for observations. */
    public boolean hasTruth() { return labels.flux != null; }

    /** Noisy image {@code i} (counts), or null if the file has none. */
    public float[] noisy(int i) { return plane(noisy, i); }

    /** Noiseless image {@code i} (counts), or null if the file has none. */
    public float[] noiseless(int i) { return plane(noiseless, i); }

    /** PSF image of sample {@code i} (the shared one if there is one PSF), or null if the file has none. */
    public float[] psf(int i) {
        checkIndex(i);
        return psf == null ? null : plane(psf, psf.axis(3) == 1 ? 0 : i);
    }

    /** True parameters of image {@code i}, or null for observations. */
    public GalaxyParams truth(int i) {
        checkIndex(i);
        if (!hasTruth()) return null;
        Labels l = labels;
        return new GalaxyParams(l.flux[i], l.sersicN[i], l.hlr[i], l.g1[i], l.g2[i]);
    }

    /** PSF FWHM of image {@code i} in arcsec, NaN if unknown. */
    public double psfFwhm(int i) { return value(labels.psfFwhm, i); }

    /** Noise sigma of image {@code i} in counts, NaN if unknown. */
    public double sigma(int i) { return value(labels.sigma, i); }

    /** SNR of image {@code i}, NaN if unknown. */
    public double snr(int i) { return value(labels.snr, i); }

    /** Seed of sample {@code i}, 0 if unknown. */
    public long seed(int i) {
        checkIndex(i);
        return labels.seed == null ? 0 : labels.seed[i];
    }

    /** Everything about image {@code i}. */
    public Sample sample(int i) {
        return new Sample(truth(i), psfFwhm(i), sigma(i), snr(i), seed(i), noisy(i), noiseless(i), psf(i));
    }

    @Override
    public void close() throws IOException { bytes.close(); }

    private double value(double[] column, int i) {
        checkIndex(i);
        return column == null ? Double.NaN : column[i];
    }

    private float[] plane(FitsHdu hdu, int i) {
        checkIndex(i);
        if (hdu == null) return null;
        try {
            return ImagePlanes.read(bytes, hdu, i);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read image " + i + " of " + hdu.describe() + ": " + e.getMessage(), e);
        }
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= count) throw new IndexOutOfBoundsException("image " + i + " is outside 0-" + (count - 1) + " of " + file);
    }

    private Labels tableLabels(FitsHdu table) throws IOException {
        LabelTable t = new LabelTable(bytes, table, file.toString());
        if (t.rowCount() != count) {
            throw fail("the LABELS table has " + t.rowCount() + " rows but there are " + count + " images");
        }
        double[][] truth = {t.doubles(COL_FLUX), t.doubles(COL_SERSIC_N), t.doubles(COL_HLR), t.doubles(COL_G1), t.doubles(COL_G2)};
        boolean complete = Arrays.stream(truth).allMatch(c -> c != null);
        if (!complete && Arrays.stream(truth).anyMatch(c -> c != null)) {
            throw fail("the LABELS table has only some of FLUX, SERSIC_N, HLR, G1, G2: give all five or none");
        }
        if (!complete) truth = new double[5][];
        return new Labels(truth[0], truth[1], truth[2], truth[3], truth[4], t.doubles(COL_PSF_FWHM), t.doubles(COL_SIGMA),
                t.doubles(COL_SNR), t.longs(COL_SEED));
    }

    /** Labels of a plain image: the same header values for every image. */
    private Labels headerLabels(Header h) throws IOException {
        double fwhm = real(h, PSF_FWHM, real(h, PSFFWHM, Double.NaN));
        double[] truth = {real(h, FLUX, Double.NaN), real(h, SERSIC_N, Double.NaN), real(h, HLR, Double.NaN),
                real(h, G1, Double.NaN), real(h, G2, Double.NaN)};
        boolean hasTruth = Arrays.stream(truth).noneMatch(Double::isNaN);
        long[] seed = new long[count];
        Arrays.fill(seed, h.getLongValue(SEED, 0));
        return new Labels(hasTruth ? filled(truth[0]) : null, hasTruth ? filled(truth[1]) : null,
                hasTruth ? filled(truth[2]) : null, hasTruth ? filled(truth[3]) : null, hasTruth ? filled(truth[4]) : null,
                filled(fwhm), filled(real(h, SIGMA, Double.NaN)), filled(real(h, SNR, Double.NaN)), seed);
    }

    private double real(Header h, IFitsHeader key, double absent) throws IOException {
        try {
            return DatasetHeader.real(h, key, absent);
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
    }

    private double[] filled(double v) {
        double[] a = new double[count];
        Arrays.fill(a, v);
        return a;
    }

    private FitsHdu extension(List<FitsHdu> hdus, String name, String kind) throws IOException {
        for (FitsHdu h : hdus) {
            if (h.index() > 0 && name.equals(h.name())) {
                if (!h.kind().equals(kind)) throw fail(h.describe() + " is a " + h.kind() + " extension; expected " + kind);
                return h;
            }
        }
        return null;
    }

    private int checkSquare(FitsHdu h) throws IOException {
        if (h.naxis() < 2) throw fail(h.describe() + " has " + h.naxis() + " axes; expected a 2-D image or a 3-D cube");
        if (h.axis(1) != h.axis(2)) {
            throw fail("images are " + h.axis(1) + "x" + h.axis(2) + " pixels; stamps must be square: crop the image first");
        }
        return (int) h.axis(1);
    }

    /** Number of planes: NAXIS3 (1 if absent); higher axes must be 1. */
    private int depth(FitsHdu h) throws IOException {
        for (int i = 4; i <= h.naxis(); i++) {
            if (h.axis(i) != 1) throw fail(h.describe() + " has " + h.naxis() + " axes; expected at most 3");
        }
        if (h.axis(3) > Integer.MAX_VALUE) throw fail(h.describe() + " holds too many images (" + h.axis(3) + ")");
        return (int) h.axis(3);
    }

    private void checkShape(FitsHdu h, int size, int... allowedDepths) throws IOException {
        if (h.naxis() < 2 || h.axis(1) != size || h.axis(2) != size) {
            throw fail(h.describe() + " does not hold " + size + "x" + size + " images like the primary HDU");
        }
        int d = depth(h);
        for (int a : allowedDepths) if (d == a) return;
        throw fail(h.describe() + " holds " + d + " images; expected " + (allowedDepths[0] == allowedDepths[allowedDepths.length - 1]
                ? String.valueOf(allowedDepths[0]) : allowedDepths[0] + " or " + allowedDepths[1]));
    }

    private IOException fail(String what) { return new IOException(file + ": " + what); }
}

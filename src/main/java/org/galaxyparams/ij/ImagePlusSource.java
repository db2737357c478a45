package org.galaxyparams.ij;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import java.util.List;
import org.galaxyparams.app.ImageSource;
import org.galaxyparams.app.Target;
import org.galaxyparams.io.HeaderScale;

/**
 * An open ImagePlus as the workflows' {@link ImageSource}.
 *
 * <p><b>Rows.</b> ImageJ's FITS reader (File&gt;Open) shows the first FITS row at the bottom. A y-mirror turns a
 * galaxy's g2 into -g2, so an image whose Info holds a FITS header is given to the workflows in the file's row
 * order, as {@link FieldImages} gives a field: targets drawn on screen go through {@link #inFileRows}, the rows'
 * y counts file rows (as the command line's do), and {@link #screenY} and {@link #screenRows} map results back for
 * the overlay and the stamps shown.
 */
final class ImagePlusSource implements ImageSource {
    private final ImagePlus imp;
    private final boolean flipped;

    ImagePlusSource(ImagePlus imp) {
        this.imp = imp;
        this.flipped = FieldImages.isFitsHeader(FieldImages.header(imp.getInfoProperty())) && FieldImages.fitsReaderFlips();
    }

    @Override public String title() { return imp.getTitle(); }

    @Override public int width() { return imp.getWidth(); }

    @Override public int height() { return imp.getHeight(); }

    @Override public int slices() { return imp.getStackSize(); }

    /** Whether ImageJ shows this image's FITS rows flipped (file y = height - ImageJ y). */
    boolean rowsFlipped() { return flipped; }

    /** Calibrated values for 16-bit images (a FITS BZERO/BSCALE becomes ImageJ's calibration function), in file row order. */
    @Override
    public float[] plane(int slice) {
        ImageProcessor ip = imp.getStack().getProcessor(slice);
        ip.setCalibrationTable(imp.getCalibration().getCTable());
        float[] shown = (float[]) ip.convertToFloatProcessor().getPixels();
        return flipped ? flipRows(shown, imp.getWidth()) : shown;
    }

    /** Targets drawn on the screen, in the file's rows (continuous coordinates: pixel i spans [i, i + 1)). */
    List<Target> inFileRows(List<Target> onScreen) {
        if (!flipped) return onScreen;
        return onScreen.stream().map(t -> new Target(t.slice(), t.roi(), t.x(), height() - t.y(), t.radius(), t.error())).toList();
    }

    /** ImageJ's y of a file y. */
    double screenY(double fileY) { return flipped ? height() - fileY : fileY; }

    /** A stamp cut from the file's rows (square, row-major) as ImageJ shows this image: rows flipped when it flips them. */
    float[] screenRows(float[] stamp) {
        return flipped ? flipRows(stamp, (int) Math.round(Math.sqrt(stamp.length))) : stamp;
    }

    /** A copy with the rows in reverse order. */
    static float[] flipRows(float[] px, int width) {
        int h = px.length / width;
        float[] out = new float[px.length];
        for (int y = 0; y < h; y++) System.arraycopy(px, (h - 1 - y) * width, out, y * width, width);
        return out;
    }

    @Override public String label(int slice) { return GalaxyImages.label(imp, slice); }

    /** The calibration when in arcsec, else the FITS header kept in the image's Info (PIXSCALE, then the WCS). */
    @Override
    public double pixelScale() {
        double s = GalaxyImages.pixelScaleArcsec(imp);
        if (Double.isFinite(s) && s > 0) return s;
        HeaderScale.Scale h = HeaderScale.of(imp.getInfoProperty());
        return h == null ? Double.NaN : h.arcsecPerPixel();
    }

    @Override public int bitDepth() { return imp.getBitDepth(); }
}

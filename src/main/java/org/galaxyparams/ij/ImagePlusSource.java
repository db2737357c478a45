package org.galaxyparams.ij;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import org.galaxyparams.app.ImageSource;
import org.galaxyparams.io.HeaderScale;

/** An open ImagePlus as the workflows' {@link ImageSource}. */
final class ImagePlusSource implements ImageSource {
    private final ImagePlus imp;

    ImagePlusSource(ImagePlus imp) {
        this.imp = imp;
    }

    @Override public String title() { return imp.getTitle(); }

    @Override public int width() { return imp.getWidth(); }

    @Override public int height() { return imp.getHeight(); }

    @Override public int slices() { return imp.getStackSize(); }

    /** Calibrated values for 16-bit images (a FITS BZERO/BSCALE becomes ImageJ's calibration function). */
    @Override
    public float[] plane(int slice) {
        ImageProcessor ip = imp.getStack().getProcessor(slice);
        ip.setCalibrationTable(imp.getCalibration().getCTable());
        return (float[]) ip.convertToFloatProcessor().getPixels();
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

package org.galaxyparams.app;

import java.util.Locale;
import org.galaxyparams.stamp.SkyLevel;
import org.galaxyparams.fit.StarPsfFit;

/**
 * Measures the PSF on a star in an open image: a square around the brightest pixel near the ROI (side twice the
 * ROI's half-side, 15 to 64 pixels), noise from its 3-pixel border, a Moffat fit ({@link StarPsfFit}), the FWHM in
 * arcsec at the image's pixel scale.
 */
public final class PsfMeasurement {
    /**
     * @param fwhmArcsec PSF FWHM in arcsec
     * @param x star centre in image pixels (pixel i spans [i, i + 1))
     * @param message notes ("" when none), e.g. an assumed pixel scale
     */
    public record Result(String image, int slice, String roi, double x, double y, double fwhmArcsec, double fwhmPixels, double beta,
                         double flux, double sky, double sigma, double chi2PerDof, String message) {}

    private PsfMeasurement() {}

    /**
     * @param pixelScale arcsec/pixel, NaN for the image's (else 0.23, said in the message)
     * @throws IllegalArgumentException naming the problem (8-bit image, ROI off the image, NaN pixels, no star)
     */
    public static Result measure(ImageSource src, Target t, double pixelScale) {
        Estimation.checkPixelType(src);
        String note = "";
        double scale = pixelScale > 0 ? pixelScale : src.pixelScale();
        if (!(scale > 0)) {
            scale = FitRequest.DEFAULT_PIXEL_SCALE;
            note = String.format(Locale.ROOT, "pixel scale assumed %.4g arcsec/pixel (the image gives none; give pixel_scale)", scale);
        }
        float[] plane = src.plane(t.slice());
        int w = src.width(), h = src.height();
        int side = (int) Math.max(15, Math.min(64, Math.round(2 * t.radius())));
        side = Math.min(side, Math.min(w, h));
        // the brightest finite pixel within the ROI's radius
        int best = -1;
        int r = (int) Math.ceil(Math.max(1, t.radius()));
        for (int y = Math.max(0, (int) t.y() - r); y <= Math.min(h - 1, (int) t.y() + r); y++)
            for (int x = Math.max(0, (int) t.x() - r); x <= Math.min(w - 1, (int) t.x() + r); x++) {
                float v = plane[y * w + x];
                if (Float.isFinite(v) && (best < 0 || v > plane[best])) best = y * w + x;
            }
        if (best < 0) throw new IllegalArgumentException(t.where() + ": no finite pixel in the ROI");
        int x0 = Math.max(0, Math.min(w - side, best % w - side / 2)), y0 = Math.max(0, Math.min(h - side, best / w - side / 2));
        float[] stamp = new float[side * side];
        for (int y = 0; y < side; y++)
            for (int x = 0; x < side; x++) {
                float v = plane[(y0 + y) * w + x0 + x];
                if (!Float.isFinite(v))
                    throw new IllegalArgumentException(t.where() + ": pixel (" + (x0 + x) + ", " + (y0 + y) + ") near the star is " + v
                            + ": choose another star");
                stamp[y * side + x] = v;
            }
        double sigma = SkyLevel.frameSigma(stamp, side, 3);
        if (!(sigma > 0)) sigma = 1; // a noiseless image: the fit is then plain least squares
        StarPsfFit.Result f = StarPsfFit.fit(stamp, side, side, sigma);
        if (f.chi2PerDof() > 3)
            note = join(note, String.format(Locale.ROOT, "chi2/dof %.2g: the star is not well described by a Moffat (saturated, blended"
                    + " or a galaxy?)", f.chi2PerDof()));
        return new Result(src.title(), t.slice(), t.roi(), x0 + f.x(), y0 + f.y(), f.fwhmPixels() * scale, f.fwhmPixels(), f.beta(),
                f.flux(), f.sky(), sigma, f.chi2PerDof(), note);
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : a + "; " + b;
    }
}

package org.galaxyparams.net;

/**
 * How a stamp and its observing conditions become network input: channel 0 is the image times
 * {@code imageScale}; channel 1 a constant plane (psfFwhm - fwhmCentre) / fwhmHalfRange (arcsec);
 * channel 2 a constant plane (sigma - sigmaCentre) / sigmaHalfRange (counts); when {@code asinhSoftening} > 0,
 * channel 3 is asinh(image / (asinhSoftening * sigma)) / 3, which keeps faint wings and bright cores in one
 * range; when {@code denoisedPlane}, a last channel holds a denoiser's output for the stamp (a regressor that sees
 * both the noisy and the denoised stamp), as asinh(denoised / (asinhSoftening * sigma)) / 3 when the encoding has the
 * asinh plane, else times {@code imageScale}. Planes of order one keep a newly added plane's weights, which Adam
 * moves by about the learning rate per step whatever their scale, from swamping the trained ones.
 * Denoisers output channel 0's units.
 */
public record InputEncoding(int stampSize, double imageScale, double fwhmCentre, double fwhmHalfRange,
                            double sigmaCentre, double sigmaHalfRange, double asinhSoftening, boolean denoisedPlane) {
    public InputEncoding(int stampSize, double imageScale, double fwhmCentre, double fwhmHalfRange,
                         double sigmaCentre, double sigmaHalfRange, double asinhSoftening) {
        this(stampSize, imageScale, fwhmCentre, fwhmHalfRange, sigmaCentre, sigmaHalfRange, asinhSoftening, false);
    }

    /** Channels of the encodings without the asinh plane. */
    public static final int CHANNELS = 3;
    /** For the 64 x 64 stamps of SPEC: counts / 1000; PSF 0.5..1.0 arcsec; sigma 200..400 counts. */
    public static final InputEncoding STUDY = new InputEncoding(64, 1e-3, 0.75, 0.25, 300, 100, 0);
    /** {@link #STUDY} plus the asinh plane (softening 1 sigma). */
    public static final InputEncoding STUDY_ASINH = new InputEncoding(64, 1e-3, 0.75, 0.25, 300, 100, 1);

    /** Input channels this encoding writes. */
    public int channels() { return 3 + (asinhSoftening > 0 ? 1 : 0) + (denoisedPlane ? 1 : 0); }

    /** This encoding with a denoised plane added after the others. */
    public InputEncoding withDenoisedPlane() {
        return new InputEncoding(stampSize, imageScale, fwhmCentre, fwhmHalfRange, sigmaCentre, sigmaHalfRange, asinhSoftening, true);
    }

    /** This encoding without its denoised plane (the planes a denoiser and the regressor behind it both read). */
    public InputEncoding withoutDenoisedPlane() {
        return new InputEncoding(stampSize, imageScale, fwhmCentre, fwhmHalfRange, sigmaCentre, sigmaHalfRange, asinhSoftening, false);
    }

    /** The stamp, PSF and sigma planes alone, without the asinh and denoised planes: what a denoiser reads. */
    public InputEncoding withoutExtraPlanes() {
        return new InputEncoding(stampSize, imageScale, fwhmCentre, fwhmHalfRange, sigmaCentre, sigmaHalfRange, 0, false);
    }

    /** Writes stamp {@code index} of a batch (NCHW, float) into {@code out}; for encodings without a denoised plane. */
    public void encode(float[] image, double psfFwhm, double sigma, float[] out, int index) {
        encode(image, null, psfFwhm, sigma, out, index);
    }

    /** Writes stamp {@code index}, with {@code denoised} (counts) in the denoised plane when this encoding has one. */
    public void encode(float[] image, float[] denoised, double psfFwhm, double sigma, float[] out, int index) {
        if (denoisedPlane != (denoised != null))
            throw new IllegalArgumentException(denoisedPlane ? "this network also takes the denoised stamp: run it behind its denoiser"
                    : "this network takes no denoised plane");
        int plane = stampSize * stampSize;
        if (image.length != plane)
            throw new IllegalArgumentException("Stamp has " + image.length + " pixels; the model takes "
                    + stampSize + " x " + stampSize);
        int base = index * channels() * plane;
        float f = (float) ((psfFwhm - fwhmCentre) / fwhmHalfRange);
        float s = (float) ((sigma - sigmaCentre) / sigmaHalfRange);
        for (int i = 0; i < plane; i++) {
            out[base + i] = (float) (image[i] * imageScale);
            out[base + plane + i] = f;
            out[base + 2 * plane + i] = s;
        }
        if (asinhSoftening > 0) {
            double soft = asinhSoftening * sigma;
            for (int i = 0; i < plane; i++) {
                double v = image[i] / soft;
                out[base + 3 * plane + i] = (float) (Math.log(v + Math.sqrt(v * v + 1)) / 3);
            }
        }
        if (denoisedPlane) {
            int d = base + (channels() - 1) * plane;
            double soft = asinhSoftening * sigma;
            for (int i = 0; i < plane; i++) {
                double v = denoised[i] / soft;
                out[d + i] = (float) (asinhSoftening > 0 ? Math.log(v + Math.sqrt(v * v + 1)) / 3 : denoised[i] * imageScale);
            }
        }
    }
}

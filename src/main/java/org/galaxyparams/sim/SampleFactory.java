package org.galaxyparams.sim;

import java.util.SplittableRandom;

/**
 * Turns one candidate seed into one sample, or a rejection: draw from the prior, render, test the SNR,
 * add noise, all from a generator seeded by that seed alone. Not thread-safe: one per thread.
 */
public final class SampleFactory {
    private final SimulationConfig config;
    private final GalaxyRenderer renderer = new GalaxyRenderer();
    private double[] image;
    private PsfModel lastPsf;
    private float[] lastPsfImage;

    public SampleFactory(SimulationConfig config) {
        this.config = config;
        int s = config.geometry().size();
        image = new double[s * s];
    }

    /** The seed of candidate {@code index} of a run with base seed {@code base} (SplitMix64 finaliser). */
    public static long candidateSeed(long base, long index) {
        long z = base + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The sample for this seed, or null if its SNR falls outside the window. */
    public Sample make(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Prior.Draw d = config.prior().draw(rng);
        return render(d, seed, rng, true);
    }

    /** Renders given parameters (no SNR rejection); noise from {@code seed}. */
    public Sample render(GalaxyParams params, double psfFwhm, double sigma, long seed) {
        return render(new Prior.Draw(params, psfFwhm, sigma), seed, new SplittableRandom(seed), false);
    }

    private Sample render(Prior.Draw d, long seed, SplittableRandom rng, boolean reject) {
        PsfModel psf = config.psf(d.psfFwhm());
        renderer.render(d.params(), psf, config.geometry(), image);
        double snr = NoiseModel.snr(image, d.sigma());
        if (reject && !(snr >= config.snrMin() && snr <= config.snrMax())) return null;
        float[] noisy = config.keepNoisy() ? NoiseModel.addNoise(image, d.sigma(), rng) : null;
        float[] noiseless = new float[image.length];
        for (int i = 0; i < image.length; i++) noiseless[i] = (float) image[i];
        float[] psfImage = config.keepPsf() ? psfImage(psf) : null;
        return new Sample(d.params(), d.psfFwhm(), d.sigma(), snr, seed, noisy, noiseless, psfImage);
    }

    private float[] psfImage(PsfModel psf) {
        if (lastPsf == null || lastPsf.fwhmArcsec() != psf.fwhmArcsec()) {
            double[] p = renderer.renderPsf(psf, config.geometry());
            lastPsfImage = new float[p.length];
            for (int i = 0; i < p.length; i++) lastPsfImage[i] = (float) p[i];
            lastPsf = psf;
        }
        return lastPsfImage;
    }
}

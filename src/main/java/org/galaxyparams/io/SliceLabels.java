package org.galaxyparams.io;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.Sample;

/**
 * Slice labels that carry a sample's labels, one line of {@code key=value} words:
 * {@code flux=123456.7 n=2.345 hlr=0.321 g1=0.1 g2=-0.05 psf=0.6 sigma=300 snr=45.6 seed=42}
 * (flux and sigma in counts, hlr and psf FWHM in arcsec). Values are rounded to 7 significant digits (float32
 * precision, like the pixels; whole numbers such as seeds exactly) so that ImageJ's 60-character short label still
 * shows all five parameters. Unknown values are left out; an observation's label has only psf and sigma.
 */
public final class SliceLabels {
    private SliceLabels() {}

    /** What a label says; truth null when the label has no (complete) true parameters. */
    public record Parsed(GalaxyParams truth, double psfFwhmArcsec, double sigma, double snr, long seed) {
        /** The sample these labels describe, with the given images. */
        public Sample sample(float[] noisy, float[] noiseless) {
            return new Sample(truth, psfFwhmArcsec, sigma, snr, seed, noisy, noiseless, null);
        }
    }

    /** The label of a sample (its images are not used). */
    public static String format(Sample s) {
        return format(s.params(), s.psfFwhm(), s.sigma(), s.snr(), s.seed());
    }

    public static String format(GalaxyParams truth, double psfFwhmArcsec, double sigma, double snr, long seed) {
        StringBuilder b = new StringBuilder();
        if (truth != null) {
            put(b, "flux", truth.flux());
            put(b, "n", truth.sersicN());
            put(b, "hlr", truth.hlrArcsec());
            put(b, "g1", truth.g1());
            put(b, "g2", truth.g2());
        }
        put(b, "psf", psfFwhmArcsec);
        put(b, "sigma", sigma);
        put(b, "snr", snr);
        if (seed != 0) b.append(b.length() > 0 ? " " : "").append("seed=").append(seed);
        return b.toString();
    }

    private static void put(StringBuilder b, String key, double v) {
        if (!Double.isFinite(v)) return;
        if (b.length() > 0) b.append(' ');
        b.append(key).append('=').append(rounded(v));
    }

    /** {@code v} to 7 significant digits: plain text from 0.001 to 1e9, else with an exponent. */
    public static String rounded(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        BigDecimal r = new BigDecimal(v).round(new MathContext(7)).stripTrailingZeros();
        double a = Math.abs(v);
        return a >= 1e-3 && a < 1e9 ? r.toPlainString() : Double.toString(r.doubleValue());
    }

    /** Shortest exact text: 300 rather than 300.0, else Double.toString. */
    public static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }

    /**
     * Parses a label (only its first line). Words that are not {@code key=value} with a known key are ignored,
     * so any label parses; a known key with a non-numeric value is an error. Truth is kept only when flux, n,
     * hlr, g1 and g2 are all present. Accepts sersic_n for n and psf_fwhm for psf.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static Parsed parse(String label) {
        double[] truth = {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        double psf = Double.NaN, sigma = Double.NaN, snr = Double.NaN;
        long seed = 0;
        if (label != null) {
            int newline = label.indexOf('\n');
            String line = newline >= 0 ? label.substring(0, newline) : label;
            for (String word : line.trim().split("\\s+")) {
                int eq = word.indexOf('=');
                if (eq <= 0) continue;
                String key = word.substring(0, eq).toLowerCase(Locale.ROOT);
                String value = word.substring(eq + 1);
                switch (key) {
                    case "flux" -> truth[0] = number(key, value);
                    case "n", "sersic_n" -> truth[1] = number(key, value);
                    case "hlr" -> truth[2] = number(key, value);
                    case "g1" -> truth[3] = number(key, value);
                    case "g2" -> truth[4] = number(key, value);
                    case "psf", "psf_fwhm" -> psf = number(key, value);
                    case "sigma" -> sigma = number(key, value);
                    case "snr" -> snr = number(key, value);
                    case "seed" -> {
                        try {
                            seed = Long.parseLong(value);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("seed=" + value + " is not a whole number");
                        }
                    }
                    default -> { }
                }
            }
        }
        boolean complete = true;
        for (double t : truth) complete &= !Double.isNaN(t);
        return new Parsed(complete ? GalaxyParams.of(truth) : null, psf, sigma, snr, seed);
    }

    private static double number(String key, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + value + " is not a number");
        }
    }
}

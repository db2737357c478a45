package org.galaxyparams.sim;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.galaxyparams.math.BesselK1;
import org.galaxyparams.math.FftLogHankel;

/**
 * A round, unit-flux PSF: GalSim's untruncated {@code Moffat(beta, fwhm)} or {@code Gaussian(fwhm)}.
 * Its Fourier transform depends on k only through x = k * scaleRadius, so one table serves every FWHM.
 */
public final class PsfModel {
    public enum Kind { MOFFAT, GAUSSIAN }

    private static final Map<Double, RadialTransform> MOFFAT_TABLES = new ConcurrentHashMap<>();
    private static final RadialTransform GAUSSIAN_TABLE =
            new RadialTransform(x -> Math.exp(-0.5 * x * x), 40, 0.002);

    private final Kind kind;
    private final double fwhmArcsec;
    private final double beta;
    private final double scaleRadius;
    private final RadialTransform transform;

    private PsfModel(Kind kind, double fwhmArcsec, double beta) {
        if (!(fwhmArcsec > 0) || !Double.isFinite(fwhmArcsec)) {
            throw new IllegalArgumentException("PSF FWHM must be > 0 arcsec, got " + fwhmArcsec);
        }
        this.kind = kind;
        this.fwhmArcsec = fwhmArcsec;
        this.beta = beta;
        if (kind == Kind.MOFFAT) {
            if (!(beta > 1.1 && beta <= 20)) {
                throw new IllegalArgumentException("Moffat beta must be in (1.1, 20] for an untruncated profile, got " + beta);
            }
            scaleRadius = fwhmArcsec / (2 * Math.sqrt(Math.pow(2, 1 / beta) - 1));
            transform = MOFFAT_TABLES.computeIfAbsent(beta, PsfModel::moffatTable);
        } else {
            scaleRadius = fwhmArcsec / (2 * Math.sqrt(2 * Math.log(2))); // sigma
            transform = GAUSSIAN_TABLE;
        }
    }

    public static PsfModel moffat(double beta, double fwhmArcsec) { return new PsfModel(Kind.MOFFAT, fwhmArcsec, beta); }

    public static PsfModel gaussian(double fwhmArcsec) { return new PsfModel(Kind.GAUSSIAN, fwhmArcsec, Double.NaN); }

    public Kind kind() { return kind; }
    public double fwhmArcsec() { return fwhmArcsec; }
    /** Moffat beta (NaN for a Gaussian). */
    public double beta() { return beta; }
    /** Moffat r0 or Gaussian sigma, arcsec. */
    public double scaleRadiusArcsec() { return scaleRadius; }

    /** Fourier transform at wavenumber k (1/arcsec); 1 at k = 0. */
    public double fourier(double k) { return transform.at(k * scaleRadius); }

    /** Wavenumber (1/arcsec) beyond which the transform stays below 1e-3. */
    public double maxK() { return transform.maxX() / scaleRadius; }

    RadialTransform transform() { return transform; }

    /** Surface brightness (per arcsec^2) at radius r arcsec, unit flux. */
    public double intensity(double r) {
        double x = r / scaleRadius;
        if (kind == Kind.MOFFAT) return (beta - 1) / (Math.PI * scaleRadius * scaleRadius) * Math.pow(1 + x * x, -beta);
        return Math.exp(-0.5 * x * x) / (2 * Math.PI * scaleRadius * scaleRadius);
    }

    /**
     * Radius (arcsec) outside which a fraction {@code folding} of the flux lies, at least 5 half-light radii
     * (GalSim's stepk rule).
     */
    public double foldingRadius(double folding) {
        double r, hlr;
        if (kind == Kind.MOFFAT) {
            r = Math.pow(folding, 0.5 / (1 - beta)) * scaleRadius;
            hlr = scaleRadius * Math.sqrt(Math.pow(0.5, 1 / (1 - beta)) - 1);
        } else {
            r = Math.sqrt(-2 * Math.log(folding)) * scaleRadius;
            hlr = Math.sqrt(2 * Math.log(2)) * scaleRadius;
        }
        return Math.max(r, 5 * hlr);
    }

    private static RadialTransform moffatTable(double beta) {
        if (beta == 2.0) return new RadialTransform(BesselK1::xK1, 40, 0.002);
        // Hankel transform of (beta-1)/pi (1+r^2)^-beta by FFTLog, r in units of r0
        int n = 8192;
        double ds = 0.005, lnRc = 0;
        FftLogHankel h = new FftLogHankel(n, ds, Math.exp(lnRc), 1.0);
        double[] a = new double[n];
        for (int j = 0; j < n; j++) {
            double r = Math.exp(lnRc + (j - n / 2) * ds);
            a[j] = 2 * Math.PI * r * (beta - 1) / Math.PI * Math.pow(1 + r * r, -beta);
        }
        double[] out = h.transform(a);
        double lnK0 = -n / 2 * ds;
        return new RadialTransform(x -> {
            if (x < 1e-6) return 1.0;
            double t = (Math.log(x) - lnK0) / ds;
            int i = (int) Math.floor(t);
            double u = t - i;
            double v = RadialTransform.cubic(out[i - 1] / Math.exp(lnK0 + (i - 1) * ds), out[i] / Math.exp(lnK0 + i * ds),
                    out[i + 1] / Math.exp(lnK0 + (i + 1) * ds), out[i + 2] / Math.exp(lnK0 + (i + 2) * ds), u);
            return v;
        }, 40, 0.002);
    }

    @Override
    public String toString() {
        return kind == Kind.MOFFAT ? "Moffat(beta=" + beta + ", fwhm=" + fwhmArcsec + ")" : "Gaussian(fwhm=" + fwhmArcsec + ")";
    }
}

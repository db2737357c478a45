package org.galaxyparams.fit;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.PsfModel;
import org.galaxyparams.sim.StampGeometry;

/**
 * Fisher matrix of the SPEC noise model (independent pixels, Gaussian with variance sigma^2 + model counts,
 * i.e. Poisson with gain 1 plus read noise) and the Cramer-Rao bound: the standard deviation of the best
 * unbiased estimator of each parameter, sqrt(diag(F^-1)).
 *
 * <p>F_ij = sum_pixels [ dmu_i dmu_j / v + dmu_i dmu_j / (2 v^2) ], v = sigma^2 + max(mu, 0); the second term
 * is the information carried by the variance itself.
 */
public final class CramerRaoBound {
    private final double[][] fisher;
    private final double[][] covariance;

    private CramerRaoBound(double[][] fisher) {
        this.fisher = fisher;
        RealMatrix f = new Array2DRowRealMatrix(fisher);
        this.covariance = new CholeskyDecomposition(f, 1e-14, 1e-300).getSolver().getInverse().getData();
    }

    public static CramerRaoBound at(GalaxyParams p, PsfModel psf, StampGeometry geo, double sigma) {
        return fromDerivatives(new ModelDerivatives().compute(p, psf, geo), sigma);
    }

    /** The bound from the unmasked pixels only: those where {@code data} is not NaN. */
    public static CramerRaoBound at(GalaxyParams p, PsfModel psf, StampGeometry geo, double sigma, double[] data) {
        return fromDerivatives(new ModelDerivatives().compute(p, psf, geo), sigma, data);
    }

    /** The same with the model drawn on a given Fourier grid (GalSim's, or a shorter period for speed). */
    public static CramerRaoBound at(GalaxyParams p, PsfModel psf, StampGeometry geo, double sigma, double[] data,
                                    org.galaxyparams.sim.GalaxyRenderer.Grid grid) {
        return fromDerivatives(new ModelDerivatives().compute(p, psf, geo, grid), sigma, data);
    }

    /** From {model, d/dtheta_1..5} as returned by {@link ModelDerivatives#compute}. */
    public static CramerRaoBound fromDerivatives(double[][] d, double sigma) { return fromDerivatives(d, sigma, null); }

    /** The same over the pixels where {@code data} is not NaN (all when data is null). */
    public static CramerRaoBound fromDerivatives(double[][] d, double sigma, double[] data) {
        int m = d.length - 1;
        double[][] f = new double[m][m];
        double[] mu = d[0];
        for (int px = 0; px < mu.length; px++) {
            if (data != null && Double.isNaN(data[px])) continue; // masked: observed nothing
            double v = sigma * sigma + Math.max(mu[px], 0);
            double w = 1 / v + 1 / (2 * v * v);
            for (int i = 0; i < m; i++) {
                double di = d[i + 1][px] * w;
                for (int j = i; j < m; j++) f[i][j] += di * d[j + 1][px];
            }
        }
        for (int i = 0; i < m; i++) for (int j = 0; j < i; j++) f[i][j] = f[j][i];
        return new CramerRaoBound(f);
    }

    public double[][] fisher() { return fisher; }

    public double[][] covariance() { return covariance; }

    /** Standard deviation bound per parameter, label order (flux counts, n, hlr arcsec, g1, g2). */
    public double[] standardDeviations() {
        double[] s = new double[covariance.length];
        for (int i = 0; i < s.length; i++) s[i] = Math.sqrt(covariance[i][i]);
        return s;
    }
}

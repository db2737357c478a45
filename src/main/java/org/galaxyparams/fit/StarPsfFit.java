package org.galaxyparams.fit;

import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

/**
 * The PSF measured on a star: a Moffat profile I(r) = F (beta - 1) / (pi alpha^2) (1 + r^2 / alpha^2)^-beta plus a
 * constant sky, integrated over each pixel (5 x 5 sub-samples), fitted to a stamp by least squares
 * (Levenberg-Marquardt). FWHM = 2 alpha sqrt(2^(1/beta) - 1). Fitted in (F, x, y, ln alpha, ln(beta - 1), sky) so
 * that alpha &gt; 0 and beta &gt; 1 hold without bounds.
 */
public final class StarPsfFit {
    private static final int SUB = 5;

    /**
     * @param fwhmPixels PSF FWHM in pixels
     * @param x star centre, stamp pixel coordinates (pixel i spans [i, i + 1))
     * @param chi2PerDof sum of squared residuals / sigma^2 / (pixels - 6)
     */
    public record Result(double fwhmPixels, double beta, double flux, double x, double y, double sky, double chi2PerDof, int iterations) {}

    private StarPsfFit() {}

    /**
     * Fits a row-major stamp (counts) with noise {@code sigma} per pixel.
     *
     * @throws IllegalArgumentException when the stamp holds no star (no positive peak) or the fit does not converge
     */
    public static Result fit(float[] stamp, int width, int height, double sigma) {
        // start: the brightest pixel, the border's median as sky, the summed excess as flux, a 3-pixel FWHM, beta 3
        int peak = 0;
        for (int i = 1; i < stamp.length; i++) if (stamp[i] > stamp[peak]) peak = i;
        double sky0 = borderMedian(stamp, width, height);
        double flux0 = 0;
        for (float v : stamp) flux0 += v - sky0;
        if (!(flux0 > 0) || !(stamp[peak] - sky0 > 5 * sigma))
            throw new IllegalArgumentException("no star in the ROI: its brightest pixel is not 5 sigma above the sky; draw the ROI around"
                    + " an isolated, unsaturated star");
        double beta0 = 3, alpha0 = 3 / (2 * Math.sqrt(Math.pow(2, 1 / beta0) - 1));
        double[] start = {flux0, peak % width + 0.5, peak / width + 0.5, Math.log(alpha0), Math.log(beta0 - 1), sky0};
        double[] observed = new double[stamp.length];
        for (int i = 0; i < stamp.length; i++) observed[i] = stamp[i];
        MultivariateJacobianFunction model = p -> {
            double[] params = p.toArray();
            double[] value = render(params, width, height);
            double[][] jac = new double[value.length][params.length];
            for (int k = 0; k < params.length; k++) {
                double h = k == 0 ? 1e-6 * Math.max(1, Math.abs(params[0])) : k == 5 ? 1e-6 * Math.max(1, Math.abs(params[5])) : 1e-6;
                double[] shifted = params.clone();
                shifted[k] += h;
                double[] up = render(shifted, width, height);
                shifted[k] = params[k] - h;
                double[] down = render(shifted, width, height);
                for (int i = 0; i < value.length; i++) jac[i][k] = (up[i] - down[i]) / (2 * h);
            }
            RealMatrix j = new Array2DRowRealMatrix(jac, false);
            return new Pair<>(new ArrayRealVector(value, false), j);
        };
        LeastSquaresOptimizer.Optimum o;
        try {
            o = new LevenbergMarquardtOptimizer().optimize(new LeastSquaresBuilder().model(model).target(observed).start(start)
                    .maxEvaluations(2000).maxIterations(500).lazyEvaluation(false).build());
        } catch (org.apache.commons.math3.exception.MathIllegalStateException e) {
            throw new IllegalArgumentException("the Moffat fit to the star did not converge (" + e.getMessage() + "): choose another star");
        }
        RealVector p = o.getPoint();
        double alpha = Math.exp(p.getEntry(3)), beta = 1 + Math.exp(p.getEntry(4));
        double fwhm = 2 * alpha * Math.sqrt(Math.pow(2, 1 / beta) - 1);
        // each pixel's variance is the read noise plus the star's own Poisson counts (gain 1): a bright star measured
        // against sigma alone would look like a poor fit (chi2/dof 1 + F / (sigma^2 N))
        double[] fitted = render(p.toArray(), width, height);
        double sum = 0;
        for (int i = 0; i < fitted.length; i++) {
            double r = observed[i] - fitted[i];
            sum += r * r / (sigma * sigma + Math.max(fitted[i] - p.getEntry(5), 0));
        }
        double chi2 = sum / Math.max(1, stamp.length - 6);
        return new Result(fwhm, beta, p.getEntry(0), p.getEntry(1), p.getEntry(2), p.getEntry(5), chi2, o.getIterations());
    }

    /** Pixel-integrated Moffat plus sky for parameters (F, x, y, ln alpha, ln(beta - 1), sky). */
    static double[] render(double[] p, int width, int height) {
        double flux = p[0], cx = p[1], cy = p[2], alpha = Math.exp(p[3]), beta = 1 + Math.exp(p[4]), sky = p[5];
        double norm = flux * (beta - 1) / (Math.PI * alpha * alpha) / (SUB * SUB);
        double[] out = new double[width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++) {
                double s = 0;
                for (int j = 0; j < SUB; j++) {
                    double dy = y + (j + 0.5) / SUB - cy;
                    for (int i = 0; i < SUB; i++) {
                        double dx = x + (i + 0.5) / SUB - cx;
                        s += Math.pow(1 + (dx * dx + dy * dy) / (alpha * alpha), -beta);
                    }
                }
                out[y * width + x] = norm * s + sky;
            }
        return out;
    }

    private static double borderMedian(float[] stamp, int width, int height) {
        double[] v = new double[2 * (width + height)];
        int n = 0;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                if (x == 0 || y == 0 || x == width - 1 || y == height - 1) v[n++] = stamp[y * width + x];
        double[] s = java.util.Arrays.copyOf(v, n);
        java.util.Arrays.sort(s);
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }
}

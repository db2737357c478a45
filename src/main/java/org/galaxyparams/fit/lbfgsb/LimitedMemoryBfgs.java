package org.galaxyparams.fit.lbfgsb;

import static org.galaxyparams.fit.lbfgsb.DenseAlgebra.dot;

/**
 * Compact limited-memory BFGS matrix B = theta I - W M W^T (Byrd, Nocedal, Schnabel 1994), where
 * W = [Y, theta S] holds the last k <= m correction pairs (oldest column first) and
 * M = [[-D, L^T], [L, theta S^T S]]^-1 with D = diag(s_i^T y_i) and L the strictly lower part of S^T Y.
 */
final class LimitedMemoryBfgs {
    private static final double EPS = LbfgsbOptions.MACHINE_EPSILON;

    private final int n;
    private final int capacity;
    private final double[][] s; // s[k], oldest first
    private final double[][] y;
    private final double[][] sts; // sts[i][j] = s_i . s_j
    private final double[][] sty; // sty[i][j] = s_i . y_j
    private int count;
    private double theta = 1;
    private double[][] middle = new double[0][0];        // M
    private double[][] middleInverse = new double[0][0]; // M^-1

    LimitedMemoryBfgs(int n, int capacity) {
        this.n = n;
        this.capacity = capacity;
        s = new double[capacity][];
        y = new double[capacity][];
        sts = new double[capacity][capacity];
        sty = new double[capacity][capacity];
    }

    /** Number of stored correction pairs (the Fortran code's "col"). */
    int pairs() { return count; }

    double theta() { return theta; }

    /** M, a symmetric 2k x 2k matrix (do not modify). */
    double[][] middle() { return middle; }

    /** M^-1 = [[-D, L^T], [L, theta S^T S]] (do not modify). */
    double[][] middleInverse() { return middleInverse; }

    /** Drops all pairs: B becomes the identity. */
    void reset() {
        count = 0;
        theta = 1;
        middle = new double[0][0];
        middleInverse = new double[0][0];
    }

    enum Update { STORED, SKIPPED_CURVATURE, RESET_SINGULAR }

    /**
     * Adds the pair (s, y) = (x_k+1 - x_k, g_k+1 - g_k) unless it fails the curvature test s^T y > eps ||y||^2,
     * in which case B is left unchanged. If the new middle matrix cannot be factored, the memory is reset.
     */
    Update update(double[] sNew, double[] yNew) {
        double sy = dot(sNew, yNew), yy = dot(yNew, yNew);
        if (!(sy > EPS * yy) || !Double.isFinite(sy) || !Double.isFinite(yy)) return Update.SKIPPED_CURVATURE;
        if (count == capacity) dropOldest();
        int k = count;
        s[k] = sNew.clone();
        y[k] = yNew.clone();
        for (int j = 0; j <= k; j++) {
            sts[k][j] = sts[j][k] = dot(s[k], s[j]);
            sty[k][j] = dot(s[k], y[j]);
            sty[j][k] = dot(s[j], y[k]);
        }
        count++;
        theta = yy / sy;
        if (!rebuildMiddle()) {
            reset();
            return Update.RESET_SINGULAR;
        }
        return Update.STORED;
    }

    private void dropOldest() {
        for (int k = 1; k < count; k++) {
            s[k - 1] = s[k];
            y[k - 1] = y[k];
        }
        for (int i = 1; i < count; i++)
            for (int j = 1; j < count; j++) {
                sts[i - 1][j - 1] = sts[i][j];
                sty[i - 1][j - 1] = sty[i][j];
            }
        count--;
    }

    /**
     * Forms M by block elimination: with K = theta S^T S + L D^-1 L^T (positive definite),
     * M = [[-D^-1 + D^-1 L^T K^-1 L D^-1, D^-1 L^T K^-1], [K^-1 L D^-1, K^-1]].
     */
    private boolean rebuildMiddle() {
        int k = count;
        double[][] lower = new double[k][k]; // L
        double[] d = new double[k];
        for (int i = 0; i < k; i++) {
            d[i] = sty[i][i];
            for (int j = 0; j < i; j++) lower[i][j] = sty[i][j];
        }
        double[][] schur = new double[k][k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j <= i; j++) {
                double v = theta * sts[i][j];
                for (int q = 0; q < j; q++) v += lower[i][q] * lower[j][q] / d[q];
                schur[i][j] = schur[j][i] = v;
            }
        double[][] schurInv = DenseAlgebra.inverseSpd(schur);
        if (schurInv == null) return false;
        double[][] dInvLt = new double[k][k]; // D^-1 L^T
        for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) dInvLt[i][j] = lower[j][i] / d[i];
        double[][] topRight = DenseAlgebra.multiply(dInvLt, schurInv);
        double[][] topLeft = DenseAlgebra.multiply(topRight, DenseAlgebra.transpose(dInvLt));
        double[][] m = new double[2 * k][2 * k];
        double[][] mInv = new double[2 * k][2 * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                m[i][j] = topLeft[i][j] - (i == j ? 1 / d[i] : 0);
                m[i][k + j] = topRight[i][j];
                m[k + j][i] = topRight[i][j];
                m[k + i][k + j] = schurInv[i][j];
                mInv[i][j] = i == j ? -d[i] : 0;
                mInv[i][k + j] = lower[j][i];
                mInv[k + i][j] = lower[i][j];
                mInv[k + i][k + j] = theta * sts[i][j];
            }
        }
        for (double[] row : m) for (double v : row) if (!Double.isFinite(v)) return false;
        middle = m;
        middleInverse = mInv;
        return true;
    }

    /** Row i of W = [Y, theta S], written into out (length 2k). */
    void wRow(int i, double[] out) {
        for (int j = 0; j < count; j++) {
            out[j] = y[j][i];
            out[count + j] = theta * s[j][i];
        }
    }

    /** W^T v (length 2k). */
    double[] wTransposeTimes(double[] v) {
        double[] out = new double[2 * count];
        for (int j = 0; j < count; j++) {
            out[j] = dot(y[j], v);
            out[count + j] = theta * dot(s[j], v);
        }
        return out;
    }

    /** B v = theta v - W M W^T v, for tests and diagnostics. */
    double[] times(double[] v) {
        double[] mwv = DenseAlgebra.multiply(middle, wTransposeTimes(v));
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double wmw = 0;
            for (int j = 0; j < count; j++) wmw += y[j][i] * mwv[j] + theta * s[j][i] * mwv[count + j];
            out[i] = theta * v[i] - wmw;
        }
        return out;
    }
}

package org.galaxyparams.fit.lbfgsb;

/** The few small dense vector and matrix routines the algorithm needs (matrices are at most 2m x 2m). */
final class DenseAlgebra {
    private DenseAlgebra() {}

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /** y += alpha * x */
    static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) y[i] += alpha * x[i];
    }

    static double[] multiply(double[][] a, double[] v) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) out[i] = dot(a[i], v);
        return out;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        int rows = a.length, inner = b.length, cols = inner == 0 ? 0 : b[0].length;
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++)
            for (int k = 0; k < inner; k++) {
                double aik = a[i][k];
                if (aik == 0) continue;
                for (int j = 0; j < cols; j++) out[i][j] += aik * b[k][j];
            }
        return out;
    }

    static double[][] transpose(double[][] a) {
        int rows = a.length, cols = rows == 0 ? 0 : a[0].length;
        double[][] t = new double[cols][rows];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) t[j][i] = a[i][j];
        return t;
    }

    /** Inverse of a symmetric positive definite matrix via Cholesky; null if not numerically positive definite. */
    static double[][] inverseSpd(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int j = 0; j < n; j++) {
            double diag = a[j][j];
            for (int k = 0; k < j; k++) diag -= l[j][k] * l[j][k];
            if (!(diag > 0) || !Double.isFinite(diag)) return null;
            l[j][j] = Math.sqrt(diag);
            for (int i = j + 1; i < n; i++) {
                double v = a[i][j];
                for (int k = 0; k < j; k++) v -= l[i][k] * l[j][k];
                l[i][j] = v / l[j][j];
            }
        }
        double[][] inv = new double[n][n];
        double[] col = new double[n];
        for (int c = 0; c < n; c++) {
            // solve L z = e_c, then L^T col = z
            for (int i = 0; i < n; i++) {
                double v = i == c ? 1 : 0;
                for (int k = 0; k < i; k++) v -= l[i][k] * col[k];
                col[i] = v / l[i][i];
            }
            for (int i = n - 1; i >= 0; i--) {
                double v = col[i];
                for (int k = i + 1; k < n; k++) v -= l[k][i] * col[k];
                col[i] = v / l[i][i];
            }
            for (int i = 0; i < n; i++) inv[i][c] = col[i];
        }
        // symmetrize away rounding noise
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++) inv[i][j] = inv[j][i] = 0.5 * (inv[i][j] + inv[j][i]);
        return inv;
    }

    /** Solves a x = b by Gaussian elimination with partial pivoting; null if singular. Inputs are not modified. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) m[i] = a[i].clone();
        double[] x = b.clone();
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
            if (m[pivot][col] == 0 || !Double.isFinite(m[pivot][col])) return null;
            double[] rowTmp = m[col]; m[col] = m[pivot]; m[pivot] = rowTmp;
            double xTmp = x[col]; x[col] = x[pivot]; x[pivot] = xTmp;
            for (int r = col + 1; r < n; r++) {
                double factor = m[r][col] / m[col][col];
                if (factor == 0) continue;
                for (int c = col; c < n; c++) m[r][c] -= factor * m[col][c];
                x[r] -= factor * x[col];
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            double v = x[i];
            for (int c = i + 1; c < n; c++) v -= m[i][c] * x[c];
            x[i] = v / m[i][i];
        }
        for (double v : x) if (!Double.isFinite(v)) return null;
        return x;
    }
}

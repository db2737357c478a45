package org.galaxyparams.fit.lbfgsb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The compact representation B = theta I - W M W^T against the textbook BFGS recursion. */
class LimitedMemoryBfgsTest {

    /** Dense BFGS: B0 = theta I, then B <- B - B s s^T B / s^T B s + y y^T / y^T s for each pair, oldest first. */
    static double[][] denseBfgs(double theta, double[][] s, double[][] y, int from, int to) {
        int n = s[0].length;
        double[][] b = new double[n][n];
        for (int i = 0; i < n; i++) b[i][i] = theta;
        for (int k = from; k < to; k++) {
            double[] bs = DenseAlgebra.multiply(b, s[k]);
            double sbs = DenseAlgebra.dot(s[k], bs), sy = DenseAlgebra.dot(s[k], y[k]);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) b[i][j] += -bs[i] * bs[j] / sbs + y[k][i] * y[k][j] / sy;
        }
        return b;
    }

    static double[][] compactAsDense(LimitedMemoryBfgs mem, int n) {
        double[][] b = new double[n][];
        for (int j = 0; j < n; j++) {
            double[] e = new double[n];
            e[j] = 1;
            b[j] = mem.times(e); // column j (B is symmetric)
        }
        return b;
    }

    /** Pairs from a fixed SPD "Hessian" so that s^T y > 0. */
    static double[][][] randomPairs(Random rnd, int n, int count) {
        double[][] h = TestProblems.randomSpd(rnd, n, 0.5, 50);
        double[][] s = new double[count][n], y = new double[count][];
        for (int k = 0; k < count; k++) {
            for (int i = 0; i < n; i++) s[k][i] = rnd.nextGaussian();
            y[k] = DenseAlgebra.multiply(h, s[k]);
            for (int i = 0; i < n; i++) y[k][i] += 0.05 * rnd.nextGaussian(); // not exactly quadratic
        }
        return new double[][][]{s, y};
    }

    private static void assertMatrixEquals(double[][] expected, double[][] actual, double relTol) {
        double scale = 0;
        for (double[] row : expected) for (double v : row) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < expected.length; i++)
            for (int j = 0; j < expected.length; j++)
                assertEquals(expected[i][j], actual[i][j], relTol * scale, "entry " + i + "," + j);
    }

    @Test
    void compactFormEqualsDenseBfgsRecursion() {
        Random rnd = new Random(3);
        int n = 7;
        double[][][] pairs = randomPairs(rnd, n, 5);
        LimitedMemoryBfgs mem = new LimitedMemoryBfgs(n, 10);
        for (int k = 0; k < 5; k++) {
            assertEquals(LimitedMemoryBfgs.Update.STORED, mem.update(pairs[0][k], pairs[1][k]));
            double theta = DenseAlgebra.dot(pairs[1][k], pairs[1][k]) / DenseAlgebra.dot(pairs[0][k], pairs[1][k]);
            assertEquals(theta, mem.theta(), 1e-12 * theta);
            assertMatrixEquals(denseBfgs(theta, pairs[0], pairs[1], 0, k + 1), compactAsDense(mem, n), 1e-10);
        }
    }

    @Test
    void onlyTheLastMPairsAreKept() {
        Random rnd = new Random(4);
        int n = 6, m = 3;
        double[][][] pairs = randomPairs(rnd, n, 7);
        LimitedMemoryBfgs mem = new LimitedMemoryBfgs(n, m);
        for (int k = 0; k < 7; k++) mem.update(pairs[0][k], pairs[1][k]);
        assertEquals(m, mem.pairs());
        assertMatrixEquals(denseBfgs(mem.theta(), pairs[0], pairs[1], 4, 7), compactAsDense(mem, n), 1e-10);
    }

    @Test
    void pairsFailingTheCurvatureTestAreSkipped() {
        Random rnd = new Random(5);
        int n = 5;
        double[][][] pairs = randomPairs(rnd, n, 2);
        LimitedMemoryBfgs mem = new LimitedMemoryBfgs(n, 10);
        mem.update(pairs[0][0], pairs[1][0]);
        double[][] before = compactAsDense(mem, n);
        double[] s = pairs[0][1], negative = new double[n], orthogonal = new double[n];
        for (int i = 0; i < n; i++) negative[i] = -s[i];
        orthogonal[0] = s[1];
        orthogonal[1] = -s[0]; // s^T y = 0
        // s^T y = 1e-17 ||y||^2 > 0 but below eps ||y||^2
        double[] tiny = orthogonal.clone();
        double yy = DenseAlgebra.dot(tiny, tiny);
        for (int i = 0; i < n; i++) tiny[i] += 1e-17 * yy * s[i] / DenseAlgebra.dot(s, s);
        for (double[] y : new double[][]{negative, orthogonal, tiny})
            assertEquals(LimitedMemoryBfgs.Update.SKIPPED_CURVATURE, mem.update(s, y));
        assertEquals(1, mem.pairs());
        assertMatrixEquals(before, compactAsDense(mem, n), 0);
    }

    @Test
    void middleMatrixInvertsItsInverse() {
        Random rnd = new Random(6);
        double[][][] pairs = randomPairs(rnd, 8, 4);
        LimitedMemoryBfgs mem = new LimitedMemoryBfgs(8, 10);
        for (int k = 0; k < 4; k++) mem.update(pairs[0][k], pairs[1][k]);
        double[][] product = DenseAlgebra.multiply(mem.middle(), mem.middleInverse());
        for (int i = 0; i < product.length; i++)
            for (int j = 0; j < product.length; j++) assertEquals(i == j ? 1 : 0, product[i][j], 1e-10);
    }

    @Test
    void resetGivesIdentity() {
        Random rnd = new Random(7);
        double[][][] pairs = randomPairs(rnd, 4, 2);
        LimitedMemoryBfgs mem = new LimitedMemoryBfgs(4, 5);
        mem.update(pairs[0][0], pairs[1][0]);
        mem.reset();
        assertEquals(0, mem.pairs());
        assertEquals(1.0, mem.theta());
        double[][] id = compactAsDense(mem, 4);
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) assertEquals(i == j ? 1 : 0, id[i][j], 0);
    }
}

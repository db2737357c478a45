package org.galaxyparams.eval;

/** Running bias, standard deviation and RMSE of estimate - truth for the five labels. */
public final class LabelStatistics {
    private final double[] sum = new double[5];
    private final double[] sum2 = new double[5];
    private long n;

    public void add(double[] estimate, double[] truth) {
        for (int k = 0; k < 5; k++) {
            double d = estimate[k] - truth[k];
            sum[k] += d;
            sum2[k] += d * d;
        }
        n++;
    }

    public long count() { return n; }

    public double bias(int k) { return sum[k] / n; }

    public double rmse(int k) { return Math.sqrt(sum2[k] / n); }

    /** Sample standard deviation of the errors. */
    public double std(int k) {
        double mean = bias(k);
        return Math.sqrt(Math.max(0, (sum2[k] - n * mean * mean) / Math.max(1, n - 1)));
    }
}

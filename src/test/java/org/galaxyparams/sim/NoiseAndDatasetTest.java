package org.galaxyparams.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NoiseAndDatasetTest {

    @Test
    void noiseHasPoissonPlusGaussianMeanAndVariance() {
        for (double level : new double[] {0.7, 6, 80, 5000}) {
            double sigma = 20;
            double[] flat = new double[200_000];
            Arrays.fill(flat, level);
            float[] noisy = NoiseModel.addNoise(flat, sigma, new SplittableRandom(11));
            double mean = 0, var = 0;
            for (float v : noisy) mean += v - level;
            mean /= noisy.length;
            for (float v : noisy) var += (v - level - mean) * (v - level - mean);
            var /= noisy.length - 1;
            double expectedVar = level + sigma * sigma;
            // 5 standard errors of the mean; variance to 2 % (its standard error here is about 0.3 %)
            assertEquals(0, mean, 5 * Math.sqrt(expectedVar / noisy.length), "mean at level " + level);
            assertEquals(expectedVar, var, 0.02 * expectedVar, "variance at level " + level);
        }
    }

    @Test
    void poissonSamplerHasRightMeanAndVariance() {
        SplittableRandom rng = new SplittableRandom(3);
        for (double lambda : new double[] {0.3, 9.5, 10, 42, 1e4}) {
            int n = 200_000;
            double s = 0, s2 = 0;
            for (int i = 0; i < n; i++) {
                long k = PoissonSampler.sample(lambda, rng);
                s += k;
                s2 += (double) k * k;
            }
            double mean = s / n, var = s2 / n - mean * mean;
            assertEquals(lambda, mean, 5 * Math.sqrt(lambda / n), "mean for " + lambda);
            assertEquals(lambda, var, 0.02 * lambda, "variance for " + lambda);
        }
    }

    @Test
    void snrIsRootSumOfSquaresOverSigma() {
        double[] img = {3, 4, 0, 12};
        assertEquals(13.0 / 2, NoiseModel.snr(img, 2), 1e-12);
    }

    @Test
    void acceptedSamplesLieInTheSnrWindowAndThePrior() {
        List<Sample> samples = new DatasetGenerator(SimulationConfig.of(Preset.DATASET3, 5), 2).generate(60);
        assertEquals(60, samples.size());
        for (Sample s : samples) {
            assertTrue(s.snr() >= 10 && s.snr() <= 100, "snr " + s.snr());
            GalaxyParams p = s.params();
            assertTrue(p.flux() >= 0.3e5 && p.flux() <= 4e5);
            assertTrue(p.sersicN() >= 0.5 && p.sersicN() <= 6);
            assertTrue(p.hlrArcsec() >= 0.1 && p.hlrArcsec() <= 0.6);
            assertTrue(Math.hypot(p.g1(), p.g2()) <= 0.67 + 1e-12);
            assertTrue(s.psfFwhm() >= 0.5 && s.psfFwhm() <= 1.0);
            assertTrue(s.sigma() >= 200 && s.sigma() <= 400 && s.sigma() == Math.rint(s.sigma()));
            assertEquals(s.snr(), NoiseModel.snr(toDouble(s.noiseless()), s.sigma()), 1e-3 * s.snr());
        }
    }

    @Test
    void outputDependsOnTheSeedNotOnTheThreadCount() {
        SimulationConfig config = SimulationConfig.of(Preset.DATASET2, 99);
        List<Sample> one = new DatasetGenerator(config, 1).generate(40);
        List<Sample> three = new DatasetGenerator(config, 3).generate(40);
        for (int i = 0; i < one.size(); i++) {
            assertEquals(one.get(i).seed(), three.get(i).seed());
            assertEquals(one.get(i).params(), three.get(i).params());
            assertArrayEquals(one.get(i).noisy(), three.get(i).noisy());
            assertArrayEquals(one.get(i).noiseless(), three.get(i).noiseless());
        }
        List<Sample> other = new DatasetGenerator(SimulationConfig.of(Preset.DATASET2, 100), 2).generate(5);
        assertTrue(!other.get(0).params().equals(one.get(0).params()));
    }

    @Test
    void aSampleCanBeRebuiltFromItsSeedAlone() {
        SimulationConfig config = SimulationConfig.of(Preset.DATASET1, 1234);
        Sample s = new DatasetGenerator(config, 2).generate(7).get(6);
        Sample again = new SampleFactory(config).make(s.seed());
        assertEquals(s.params(), again.params());
        assertArrayEquals(s.noisy(), again.noisy());
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}

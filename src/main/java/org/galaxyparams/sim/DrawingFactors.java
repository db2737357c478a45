package org.galaxyparams.sim;

/**
 * The parts of a Fourier drawing that depend only on the grid, the PSF and the stamp centre, not on the galaxy: the
 * PSF's transform on the lattice and the per-axis pixel and phase factors. A fit or a posterior draws hundreds of
 * galaxies on one grid with one PSF; this keeps the last set and rebuilds it only when an input changes, so every
 * value is the one a fresh computation gives (the same doubles, not an approximation). Not thread-safe.
 */
final class DrawingFactors {
    private RadialTransform transform;
    private double psfStep = Double.NaN;
    private int psfKa = -1;
    private double[] psfLattice = new double[0];

    private int axisKa = -1;
    private double axisDk = Double.NaN, axisScale = Double.NaN, centreX = Double.NaN, centreY = Double.NaN;
    private AxisFactors axes;

    /** PSF(step * sqrt(a^2 + b^2)) for 0 <= a, b <= ka, row-major with stride ka + 1 (see {@link RadialTransform#onLattice}). */
    double[] psfLattice(RadialTransform t, double step, int ka) {
        if (t != transform || step != psfStep || ka != psfKa) {
            psfLattice = t.onLattice(step, ka, psfLattice);
            transform = t;
            psfStep = step;
            psfKa = ka;
        }
        return psfLattice;
    }

    /** The factors {@link AxisFactors} computes for these inputs. */
    AxisFactors axes(int ka, double dk, double scale, double centreXArcsec, double centreYArcsec) {
        if (ka != axisKa || dk != axisDk || scale != axisScale || centreXArcsec != centreX || centreYArcsec != centreY) {
            axes = new AxisFactors(ka, dk, scale, centreXArcsec, centreYArcsec);
            axisKa = ka;
            axisDk = dk;
            axisScale = scale;
            centreX = centreXArcsec;
            centreY = centreYArcsec;
        }
        return axes;
    }
}

package org.galaxyparams.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A renderer keeps the PSF's transform on the lattice, the pixel and phase factors and the Sersic row between
 * drawings ({@code DrawingFactors}, the row filled only as far as the grid needs). Whatever it drew before, a drawing
 * must be the one a fresh renderer makes, to the last bit: the oracle is a new renderer per drawing.
 */
class RendererReuseTest {
    @Test
    void aDrawingDoesNotDependOnWhatTheRendererDrewBefore() {
        GalaxyRenderer reused = new GalaxyRenderer();
        SplittableRandom rng = new SplittableRandom(11);
        PsfModel[] psfs = {PsfModel.moffat(4.765, 0.6), PsfModel.moffat(4.765, 0.8), PsfModel.moffat(2.5, 0.9), PsfModel.gaussian(0.7)};
        int[] periods = {64, 96, 128, 0}; // 0: GalSim's own
        for (int i = 0; i < 60; i++) {
            PsfModel psf = psfs[rng.nextInt(psfs.length)];
            // the same centre twice in a row half the time, so that the kept factors are both reused and replaced
            StampGeometry geo = new StampGeometry(64, i % 5 == 0 ? 0.25 : 0.2, i % 2 == 0 ? 0.1 : rng.nextDouble() - 0.5, -0.3);
            // a large hlr with a strong shear after a small round one: the Sersic row must reach further than before
            GalaxyParams p = new GalaxyParams(1e5, 0.5 + 5.5 * rng.nextDouble(), i % 7 == 0 ? 1.0 : 0.1 + 0.5 * rng.nextDouble(),
                    i % 7 == 0 ? 0.6 : 0.4 * rng.nextDouble() - 0.2, 0.4 * rng.nextDouble() - 0.2);
            int period = periods[rng.nextInt(periods.length)];
            GalaxyRenderer.Grid grid = period == 0 ? reused.gridFor(p, psf, geo) : new GalaxyRenderer.Grid(period, reused.gridFor(p, psf, geo).maxK());
            double[] a = new double[64 * 64], b = new double[64 * 64];
            reused.render(p, psf, geo, grid, a);
            new GalaxyRenderer().render(p, psf, geo, grid, b);
            assertArrayEquals(b, a, 0.0, "drawing " + i + " (" + p + ", period " + grid.fftSize() + ")");
        }
    }
}

package org.galaxyparams.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.PsfModel;
import org.galaxyparams.sim.SersicProfile;
import org.galaxyparams.sim.StampGeometry;
import org.junit.jupiter.api.Test;

/** Derivatives near the renderer's bounds: a fit ending at n = 6.199 still gets its Fisher matrix and errors. */
class ModelDerivativesTest {
    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    @Test
    void theDerivativeInNIsTakenWithinTheRangeNearItsUpperBound() {
        PsfModel psf = PsfModel.moffat(2, 0.7);
        ModelDerivatives d = new ModelDerivatives();
        double nearBound = SersicProfile.MAX_N - 1e-3, inside = SersicProfile.MAX_N - 2e-2;
        double[] edge = d.compute(new GalaxyParams(1e5, nearBound, 0.3, 0.1, -0.2), psf, StampGeometry.DEFAULT)[2];
        double[] in = d.compute(new GalaxyParams(1e5, inside, 0.3, 0.1, -0.2), psf, StampGeometry.DEFAULT)[2];
        double scale = maxAbs(in);
        assertTrue(scale > 0);
        // d/dn changes by ~1 % per 0.02 in n here: the two agree to a few per cent of the largest value
        for (int i = 0; i < in.length; i++) assertEquals(in[i], edge[i], 0.05 * scale, "pixel " + i);
    }

    @Test
    void shearDerivativesAtLargeShearStayInsideTheUnitCircle() {
        double[][] out = new ModelDerivatives().compute(new GalaxyParams(1e5, 1.5, 0.3, 0.7, 0.71399), PsfModel.moffat(2, 0.7),
                StampGeometry.DEFAULT);
        for (int k = 0; k < 6; k++) for (double v : out[k]) assertTrue(Double.isFinite(v));
    }
}

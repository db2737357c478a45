package org.galaxyparams.sim;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * Inputs that once ended in OutOfMemoryError after 4.9 GB (a PIXSCALE of 1e6, hlr 1000, PSF FWHM 1000, |g| near 1)
 * are refused with the values to check; the largest galaxy of the priors is still drawn.
 */
class RendererLimitsTest {
    @Test
    void profilesNoGridHoldsAreRefusedWithTheirValues() {
        GalaxyRenderer r = new GalaxyRenderer();
        GalaxyParams g = new GalaxyParams(1e5, 2, 0.3, 0.1, 0);
        Object[][] cases = {{g, 0.7, 1e6}, {new GalaxyParams(1e5, 2, 1000, 0, 0), 0.7, 0.23},
                {new GalaxyParams(1e5, 2, 0.3, 0.9999999, 0), 0.7, 0.23}, {g, 1000.0, 0.23}};
        for (Object[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> r.render((GalaxyParams) c[0], PsfModel.moffat(2, (Double) c[1]), new StampGeometry(64, (Double) c[2])));
            assertTrue(e.getMessage().startsWith("drawing this needs a Fourier grid of") && e.getMessage().contains("beyond 4096"),
                    e.getMessage());
        }
        double[] big = r.render(new GalaxyParams(4e5, 6, 0.6, 0.47, -0.47), PsfModel.moffat(2, 1.0), new StampGeometry(64, 0.23));
        double sum = 0;
        for (double v : big) sum += v;
        assertTrue(sum > 0.5 * 4e5, "the largest dataset-3 galaxy is drawn: " + sum);
    }
}

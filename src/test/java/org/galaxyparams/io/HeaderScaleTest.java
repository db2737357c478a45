package org.galaxyparams.io;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class HeaderScaleTest {
    @Test
    void pixscaleThenTheCdMatrixThenCdelt() {
        assertEquals(0.23, HeaderScale.of("SIMPLE  =                    T\nPIXSCALE=                 0.23\nCDELT1  = 1.0\nCDELT2 = 1.0").arcsecPerPixel());
        // a CD matrix rotated by 30 degrees with 0.2 arcsec pixels: sqrt |det| = 0.2 / 3600 degrees
        double d = 0.2 / 3600, c = Math.cos(Math.toRadians(30)), s = Math.sin(Math.toRadians(30));
        String cd = String.format(java.util.Locale.ROOT, "CD1_1   = %.10E\nCD1_2   = %.10E\nCD2_1   = %.10E\nCD2_2   = %.10E\nCUNIT1  = 'deg     '",
                -d * c, d * s, d * s, d * c);
        HeaderScale.Scale fromCd = HeaderScale.of(cd);
        assertEquals(0.2, fromCd.arcsecPerPixel(), 1e-9);
        assertEquals("WCS CD matrix", fromCd.source());
        assertEquals(0.25, HeaderScale.of("CDELT1  = -6.9444444E-05\nCDELT2  =  6.9444444E-05").arcsecPerPixel(), 1e-6);
    }

    @Test
    void noScaleNonSquarePixelsAndOtherUnitsStateNone() {
        assertNull(HeaderScale.of("SIMPLE  = T\nBITPIX = -32"));
        assertNull(HeaderScale.of(null));
        assertNull(HeaderScale.of("CDELT1  = -1E-04\nCDELT2  = 2E-04"), "pixels twice as tall as wide");
        assertNull(HeaderScale.of("CDELT1  = 1\nCDELT2  = 1\nCUNIT1  = 'pixel'\nCUNIT2  = 'pixel'"));
    }
}

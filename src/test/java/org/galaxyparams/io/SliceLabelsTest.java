package org.galaxyparams.io;

import static org.junit.jupiter.api.Assertions.*;

import org.galaxyparams.sim.GalaxyParams;
import org.junit.jupiter.api.Test;

class SliceLabelsTest {

    @Test
    void formatsReadableLabelsThatParseBack() {
        GalaxyParams t = new GalaxyParams(123456.789012, 2.3456789, 0.32123456, 0.1, -0.05);
        String label = SliceLabels.format(t, 0.6, 300, 45.6123456789, -1234567890123456789L);
        assertEquals("flux=123456.8 n=2.345679 hlr=0.3212346 g1=0.1 g2=-0.05 psf=0.6 sigma=300 snr=45.61235 "
                + "seed=-1234567890123456789", label);
        SliceLabels.Parsed p = SliceLabels.parse(label);
        double[] a = t.toArray(), b = p.truth().toArray();
        for (int i = 0; i < 5; i++) assertEquals(a[i], b[i], 1e-6 * Math.abs(a[i]), GalaxyParams.LABELS[i]);
        assertEquals(0.6, p.psfFwhmArcsec());
        assertEquals(300, p.sigma());
        assertEquals(45.61235, p.snr());
        assertEquals(-1234567890123456789L, p.seed());
        assertTrue(label.substring(0, 60).contains("g2="), "ImageJ's 60-character short label shows all five parameters");
    }

    @Test
    void observationLabelsAndForeignLabels() {
        assertEquals("psf=0.7 sigma=12.5", SliceLabels.format(null, 0.7, 12.5, Double.NaN, 0));
        SliceLabels.Parsed p = SliceLabels.parse("psf_fwhm=0.7 sigma=12.5");
        assertNull(p.truth());
        assertEquals(0.7, p.psfFwhmArcsec());
        p = SliceLabels.parse("img_0001.tif");
        assertNull(p.truth());
        assertTrue(Double.isNaN(p.psfFwhmArcsec()) && Double.isNaN(p.sigma()));
        assertNull(SliceLabels.parse(null).truth());
        assertNull(SliceLabels.parse("flux=1 n=2 hlr=0.3 g1=0").truth(), "truth needs all five");
        assertEquals(2.0, SliceLabels.parse("flux=1 sersic_n=2 hlr=0.3 g1=0 g2=0\nseed=5").truth().sersicN());
        assertEquals(0, SliceLabels.parse("flux=1 sersic_n=2 hlr=0.3 g1=0 g2=0\nseed=5").seed(), "only the first line counts");
    }

    @Test
    void roundsTinyAndHugeValuesWithAnExponent() {
        assertEquals("1.234568E-5", SliceLabels.rounded(1.23456789e-5));
        assertEquals("0.001234568", SliceLabels.rounded(0.00123456789));
        assertEquals("300", SliceLabels.rounded(300.0));
        assertEquals(1.23456789e-5, Double.parseDouble(SliceLabels.rounded(1.23456789e-5)), 1e-11);
    }

    @Test
    void badNumbersAreErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SliceLabels.parse("flux=abc n=2"));
        assertEquals("flux=abc is not a number", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SliceLabels.parse("seed=1.5"));
        assertEquals("seed=1.5 is not a whole number", e.getMessage());
    }
}

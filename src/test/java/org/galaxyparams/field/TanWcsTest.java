package org.galaxyparams.field;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;

import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;
import nom.tam.fits.HeaderCardException;

import org.junit.jupiter.api.Test;

class TanWcsTest {
    /** Reference points: the equator on both sides of the ra wrap, mid south, near both poles, and a typical field. */
    private static final double[][] REFERENCES = {
        {150.1, 2.2}, {0.0004, 0}, {359.9996, 0}, {210.5, -45}, {33.3, 89.9}, {359.95, 89.9}, {0.02, -89.9}, {359.9999, -45},
    };

    // ---- 1. an independent oracle ----

    @Test
    void skyAgreesWithRotatedTangentPlaneVectors() throws HeaderCardException {
        // Oracle: the tangent-plane point is (1, xi, eta) in the frame of the reference point (x toward it, y east,
        // z north); normalised and turned by R_z(ra0) R_y(-dec0) it is the equatorial unit vector. No spherical
        // trigonometry of TanWcs is shared. Tolerance 1e-9 deg (3.6 micro-arcsec): double rounding in either method
        // is ~1e-15 relative, so a few 1e-14 deg at most; any real error (a sign, a swapped axis, LONPOLE off) is
        // of the order of the field, degrees.
        SplittableRandom r = new SplittableRandom(20250101);
        for (double[] ref : REFERENCES) {
            for (int m = 0; m < 6; m++) {
                double[] cd = randomCd(r);
                double crpix1 = 1 + r.nextDouble(4096), crpix2 = 1 + r.nextDouble(4096);
                TanWcs wcs = TanWcs.fromHeader(header(ref[0], ref[1], crpix1, crpix2, cd));
                for (int k = 0; k < 200; k++) {
                    double x = r.nextDouble(-3000, 7000), y = r.nextDouble(-3000, 7000);
                    double[] expected = oracle(ref[0], ref[1], crpix1, crpix2, cd, x, y);
                    double[] got = wcs.sky(x, y);
                    assertTrue(got[0] >= 0 && got[0] < 360, "ra in [0, 360): " + got[0]);
                    assertTrue(separationDeg(expected, got) < 1e-9, () -> wcs + ": pixel (" + x + ", " + y + ") gives " + got[0] + ", " + got[1]
                            + " but the oracle " + expected[0] + ", " + expected[1]);
                }
            }
        }
    }

    @Test
    void atTheCelestialPoleLonpoleDefaultsToZero() throws HeaderCardException {
        // Paper II sect. 2.4: LONPOLE defaults to 0 when delta0 >= theta0 (= 90 for TAN), i.e. at CRVAL2 = 90 only.
        // Changing LONPOLE from 180 to 0 turns the native frame by 180 deg, the same as CD -> -CD (see below).
        SplittableRandom r = new SplittableRandom(7);
        double[] cd = randomCd(r), minus = {-cd[0], -cd[1], -cd[2], -cd[3]};
        TanWcs wcs = TanWcs.fromHeader(header(80, 90, 100.5, 200.5, cd));
        for (int k = 0; k < 100; k++) {
            double x = r.nextDouble(-2000, 2000), y = r.nextDouble(-2000, 2000);
            assertTrue(separationDeg(oracle(80, 90, 100.5, 200.5, minus, x, y), wcs.sky(x, y)) < 1e-9);
        }
    }

    // ---- 2. exact properties of the gnomonic projection ----

    @Test
    void stepsAlongTheAxesOfANorthUpImage() {
        double s = 0.2, sRad = Math.toRadians(s / 3600);
        for (double dec0 : new double[] {0, 30, -60, 85}) {
            TanWcs wcs = TanWcs.northUp(150, dec0, 1024.5, 1024.5, s);
            double x0 = 1024, y0 = 1024;
            // one pixel east (x - 1, east is left) adds scale / cos(dec) to ra: exactly atan(xi / cos dec) for TAN,
            // whose cubic term is < 1e-13 deg here, and ra near 150 is stored to ulp(150) = 2.8e-14 deg: 1e-12
            double[] east = wcs.sky(x0 - 1, y0);
            assertEquals(s / 3600 / Math.cos(Math.toRadians(dec0)), east[0] - 150, 1e-12);
            assertTrue(wcs.sky(x0 + 1, y0)[0] < 150, "x increases to the west");
            // along the central meridian TAN is exact: a point n pixels north is atan(n scale) from the tangent point
            for (int n : new int[] {1, 17, 2000}) {
                double[] north = wcs.sky(x0, y0 + n);
                assertEquals(150, north[0], 0, "the meridian keeps ra");
                assertEquals(dec0 + Math.toDegrees(Math.atan(n * sRad)), north[1], 1e-12);
                assertEquals(dec0 - Math.toDegrees(Math.atan(n * sRad)), wcs.sky(x0, y0 - n)[1], 1e-12);
            }
            assertEquals(s, wcs.pixelScaleArcsec(), 1e-15);
        }
    }

    // ---- 3. pixel() inverts sky() ----

    @Test
    void pixelInvertsSkyWithAndWithoutSip() throws HeaderCardException {
        // 1e-8 pixel: the linear inverse is exact to rounding (~1e-12 pixel over a 10,000 pixel field) and the SIP
        // Newton iteration stops at steps below 1e-10 pixel; a wrong Jacobian or sign would miss by whole pixels.
        SplittableRandom r = new SplittableRandom(11);
        for (double[] ref : REFERENCES) {
            double[] cd = randomCd(r);
            for (TanWcs wcs : new TanWcs[] {TanWcs.fromHeader(header(ref[0], ref[1], 2048.5, 1500.25, cd)),
                    TanWcs.fromHeader(sip(header(ref[0], ref[1], 2048.5, 1500.25, cd)))}) {
                for (int k = 0; k < 300; k++) {
                    double x = r.nextDouble(-2000, 6000), y = r.nextDouble(-2000, 6000);
                    double[] sky = wcs.sky(x, y), xy = wcs.pixel(sky[0], sky[1]);
                    assertEquals(x, xy[0], 1e-8, wcs::toString);
                    assertEquals(y, xy[1], 1e-8, wcs::toString);
                }
                // the antipode of the reference point and anything 90 deg or more away has no image
                double[] far = wcs.pixel(ref[0] + 180, -ref[1]);
                assertTrue(Double.isNaN(far[0]) && Double.isNaN(far[1]));
                double[] near = wcs.pixel(offNorth(ref, 89.9)[0], offNorth(ref, 89.9)[1]);
                double[] beyond = wcs.pixel(offNorth(ref, 90.1)[0], offNorth(ref, 90.1)[1]);
                // (with SIP, 89.9 deg is ~1e8 pixels out, where the polynomial has no inverse: NaN too)
                if (!wcs.toString().contains("SIP")) assertTrue(Double.isFinite(near[0]) && Double.isFinite(near[1]), "89.9 deg away has an image");
                assertTrue(Double.isNaN(beyond[0]) && Double.isNaN(beyond[1]), "90.1 deg away has none");
            }
        }
        TanWcs wcs = TanWcs.northUp(150, 2, 10.5, 10.5, 0.2);
        assertArrayEquals(new double[] {10, 10}, wcs.pixel(150, 2), 1e-9);
        assertArrayEquals(new double[] {10, 10 + 3600 / 0.2 * Math.toDegrees(Math.tan(Math.toRadians(0.001)))}, wcs.pixel(150, 2.001), 1e-9);
    }

    @Test
    void sipIsAddedInPixelSpaceBeforeTheCdMatrix() throws HeaderCardException {
        // with A_2_0 = 2e-6 (and no B_p_0), a point 1000 pixels along x is moved 2e-6 * 1000^2 = 2 pixels further
        // along x; (u, v) = (100, 200) moves by A_2_0 u^2 + A_0_2 v^2 = 0.02 - 0.04 along x and by
        // B_1_1 u v + B_0_2 v^2 = 0.06 + 0.04 along y. Both sides go through the same linear code, so 1e-10 deg.
        double[] cd = {-1e-4, 2e-5, 3e-5, 1.1e-4};
        TanWcs plain = TanWcs.fromHeader(header(40, 20, 500, 600, cd));
        TanWcs distorted = TanWcs.fromHeader(sip(header(40, 20, 500, 600, cd)));
        double x0 = 499.5, y0 = 599.5;
        assertEquals(0, separationDeg(plain.sky(x0 + 1002, y0), distorted.sky(x0 + 1000, y0)), 1e-10);
        assertEquals(0, separationDeg(plain.sky(x0 + 100 + 0.02 - 0.04, y0 + 200 + 0.06 + 0.04), distorted.sky(x0 + 100, y0 + 200)), 1e-10);
        assertTrue(separationDeg(plain.sky(x0 + 1000, y0), distorted.sky(x0 + 1000, y0)) > 1e-4);
        assertTrue(distorted.toString().startsWith("TAN-SIP (A/B order 2/2)"), distorted.toString());
    }

    // ---- 4. equivalent headers ----

    @Test
    void cdPcCdeltAndCrota2DescribeTheSameRotation() throws HeaderCardException {
        // CDELT1 = -s, CDELT2 = s, CROTA2 = rho is (paper II eq. 188) CD = [[-s cos, -s sin], [-s sin, s cos]], and
        // PC = CD / CDELT row by row. Different products round differently: 1e-12 deg (4 nano-arcsec).
        SplittableRandom r = new SplittableRandom(5);
        double s = 0.3 / 3600;
        for (double rhoDeg : new double[] {0, 17.5, 90, -135, 200}) {
            double c = Math.cos(Math.toRadians(rhoDeg)), sn = Math.sin(Math.toRadians(rhoDeg));
            Header byCd = header(120, -30, 300, 400, new double[] {-s * c, -s * sn, -s * sn, s * c});
            Header byPc = base(120, -30, 300, 400);
            byPc.addValue("CDELT1", -s, "");
            byPc.addValue("CDELT2", s, "");
            byPc.addValue("PC1_1", c, "");
            byPc.addValue("PC1_2", sn, "");
            byPc.addValue("PC2_1", -sn, "");
            byPc.addValue("PC2_2", c, "");
            Header byCrota = base(120, -30, 300, 400);
            byCrota.addValue("CDELT1", -s, "");
            byCrota.addValue("CDELT2", s, "");
            byCrota.addValue("CROTA2", rhoDeg, "");
            byCrota.addValue("PV2_1", 0.0, "");   // unused by TAN
            TanWcs a = TanWcs.fromHeader(byCd), b = TanWcs.fromHeader(byPc), d = TanWcs.fromHeader(byCrota);
            for (int k = 0; k < 100; k++) {
                double x = r.nextDouble(-1000, 2000), y = r.nextDouble(-1000, 2000);
                assertEquals(0, separationDeg(a.sky(x, y), b.sky(x, y)), 1e-12, "PC + CDELT, rho " + rhoDeg);
                assertEquals(0, separationDeg(a.sky(x, y), d.sky(x, y)), 1e-12, "CDELT + CROTA2, rho " + rhoDeg);
            }
            assertEquals(0.3, d.pixelScaleArcsec(), 1e-12);
        }
        // CD takes precedence over PC/CDELT: a header with both follows CD
        Header both = header(120, -30, 300, 400, new double[] {-s, 0, 0, s});
        both.addValue("CDELT1", 1.0, "");
        both.addValue("CDELT2", 1.0, "");
        assertEquals(0.3, TanWcs.fromHeader(both).pixelScaleArcsec(), 1e-12);
    }

    @Test
    void lonpoleTurnsTheIntermediatePlane() throws HeaderCardException {
        // LONPOLE = 180 + gamma equals LONPOLE = 180 with CD' = [[cos g, sin g], [-sin g, cos g]] CD: both give the
        // same native longitude phi - phip. Checked against the oracle (which assumes 180), 1e-9 deg as in test 1.
        SplittableRandom r = new SplittableRandom(9);
        double[] cd = randomCd(r);
        for (double gamma : new double[] {30, -90, 180}) {
            double c = Math.cos(Math.toRadians(gamma)), s = Math.sin(Math.toRadians(gamma));
            double[] turned = {c * cd[0] + s * cd[2], c * cd[1] + s * cd[3], -s * cd[0] + c * cd[2], -s * cd[1] + c * cd[3]};
            Header h = header(250, 40, 1000, 1000, cd);
            h.addValue("LONPOLE", 180 + gamma, "");
            TanWcs wcs = TanWcs.fromHeader(h);
            for (int k = 0; k < 100; k++) {
                double x = r.nextDouble(-1000, 3000), y = r.nextDouble(-1000, 3000);
                assertTrue(separationDeg(oracle(250, 40, 1000, 1000, turned, x, y), wcs.sky(x, y)) < 1e-9, "LONPOLE " + (180 + gamma));
                double[] sky = wcs.sky(x, y);
                assertArrayEquals(new double[] {x, y}, wcs.pixel(sky[0], sky[1]), 1e-8);
            }
        }
    }

    // ---- 5. writeTo and fromHeader ----

    @Test
    void writeToThenFromHeaderRoundTrips() throws HeaderCardException {
        SplittableRandom r = new SplittableRandom(3);
        Header withLonpole = header(12.345678901234567, -67.891011121314, 1234.5678, 987.654321, randomCd(r));
        withLonpole.addValue("LONPOLE", 170.25, "");
        for (TanWcs original : new TanWcs[] {TanWcs.northUp(150.1, 2.2, 2048.5, 2048.5, 0.23),
                TanWcs.fromHeader(sip(header(359.999, 89.5, 10.25, -3.5, randomCd(r)))), TanWcs.fromHeader(withLonpole)}) {
            Header out = new Header();
            out.addValue("CDELT1", 1.0, "stale, must go");
            out.addValue("PC1_1", 2.0, "stale, must go");
            out.addValue("A_ORDER", 3, "stale, must go");
            out.addValue("AP_1_1", 0.5, "stale, must go");
            out.addValue("CRVAL1", 0.0, "replaced");
            original.writeTo(out);
            // through the 80-character card images, as in a file
            Header back = reparse(out);
            assertFalse(back.containsKey("CDELT1") || back.containsKey("PC1_1") || back.containsKey("AP_1_1"));
            assertEquals("ICRS", back.getStringValue("RADESYS"));
            assertEquals("deg", back.getStringValue("CUNIT1"));
            TanWcs copy = TanWcs.fromHeader(back);
            assertEquals(original.toString(), copy.toString());
            assertEquals(original.pixelScaleArcsec(), copy.pixelScaleArcsec(), 0);
            for (int k = 0; k < 50; k++) {
                double x = r.nextDouble(-500, 4000), y = r.nextDouble(-500, 4000);
                // every keyword is written with the digits to read back the same double: identical answers
                assertArrayEquals(original.sky(x, y), copy.sky(x, y), 0, original::toString);
            }
        }
        assertEquals("TAN, reference (150.1, 2.2) deg at FITS pixel (2048.5, 2048.5), 0.23 arcsec/pixel",
                TanWcs.northUp(150.1, 2.2, 2048.5, 2048.5, 0.23).toString());
    }

    // ---- 6. headers without a usable WCS ----

    @Test
    void noWcsIsNullAndAnUnusableOneIsExplained() throws HeaderCardException {
        assertNull(TanWcs.fromHeader(new Header()));
        Header linear = new Header();
        linear.addValue("CTYPE1", "LINEAR", "");
        linear.addValue("CTYPE2", "LINEAR", "");
        assertNull(TanWcs.fromHeader(linear), "a non-celestial WCS is no celestial WCS");

        Header sin = header(150, 2, 100, 100, new double[] {-1e-4, 0, 0, 1e-4});
        sin.addValue("CTYPE1", "RA---SIN", "");
        sin.addValue("CTYPE2", "DEC--SIN", "");
        assertMessage(sin, "CTYPE1", "'RA---SIN'", "only TAN");

        Header noCrval = header(150, 2, 100, 100, new double[] {-1e-4, 0, 0, 1e-4});
        noCrval.deleteKey("CRVAL1");
        assertMessage(noCrval, "CRVAL1", "missing");

        assertMessage(header(150, 2, 100, 100, new double[] {-1e-4, 2e-4, 1e-4, -2e-4}), "CD1_1", "singular");
        Header zeroCdelt = base(150, 2, 100, 100);
        zeroCdelt.addValue("CDELT1", 0.0, "");
        zeroCdelt.addValue("CDELT2", 1e-4, "");
        assertMessage(zeroCdelt, "CDELT", "singular");

        Header galactic = header(150, 2, 100, 100, new double[] {-1e-4, 0, 0, 1e-4});
        galactic.addValue("CTYPE1", "GLON-TAN", "");
        galactic.addValue("CTYPE2", "GLAT-TAN", "");
        assertMessage(galactic, "CTYPE1", "RA/DEC");
        Header swapped = header(150, 2, 100, 100, new double[] {-1e-4, 0, 0, 1e-4});
        swapped.addValue("CTYPE1", "DEC--TAN", "");
        swapped.addValue("CTYPE2", "RA---TAN", "");
        assertMessage(swapped, "swapped");
        Header oneAxis = header(150, 2, 100, 100, new double[] {-1e-4, 0, 0, 1e-4});
        oneAxis.deleteKey("CTYPE2");
        assertMessage(oneAxis, "CTYPE2", "missing");

        Header text = header(150, 2, 100, 100, new double[] {-1e-4, 0, 0, 1e-4});
        text.deleteKey("CRPIX1");
        text.addLine(HeaderCard.create("CRPIX1  = 'middle'"));
        assertMessage(text, "CRPIX1", "not a finite number");
        Header sipWithoutOrder = header(150, 2, 100, 100, new double[] {-1e-4, 0, 0, 1e-4});
        sipWithoutOrder.addValue("CTYPE1", "RA---TAN-SIP", "");
        sipWithoutOrder.addValue("CTYPE2", "DEC--TAN-SIP", "");
        assertMessage(sipWithoutOrder, "A_ORDER", "missing");
        Header fk4 = header(150, 2, 100, 100, new double[] {-1e-4, 0, 0, 1e-4});
        fk4.addValue("EQUINOX", 1950.0, "");
        assertMessage(fk4, "RADESYS", "FK4");
        Header arcsec = header(150, 2, 100, 100, new double[] {-1e-4, 0, 0, 1e-4});
        arcsec.addValue("CUNIT1", "arcsec", "");
        assertMessage(arcsec, "CUNIT1", "'deg'");
        Header noScale = base(150, 2, 100, 100);
        assertMessage(noScale, "CD");

        // TAN without -SIP ignores SIP coefficients (the convention switches them on by the suffix only)
        Header tanWithCoefficients = sip(header(150, 2, 100, 100, new double[] {-1e-4, 0, 0, 1e-4}));
        tanWithCoefficients.addValue("CTYPE1", "RA---TAN", "");
        tanWithCoefficients.addValue("CTYPE2", "DEC--TAN", "");
        assertArrayEquals(TanWcs.northUp(150, 2, 100, 100, 0.36).sky(1000, 1000),
                TanWcs.fromHeader(tanWithCoefficients).sky(1000, 1000), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> TanWcs.northUp(150, 91, 1, 1, 0.2));
        assertThrows(IllegalArgumentException.class, () -> TanWcs.northUp(150, 0, 1, 1, 0));
    }

    // ---- 7. the pixel convention ----

    @Test
    void pixelCentresAreHalfIntegersAndCrpixIsFitsOneBased() throws HeaderCardException {
        SplittableRandom r = new SplittableRandom(1);
        for (double[] ref : REFERENCES) {
            for (double crpix : new double[] {1, 0.5, 2048.5, 1234.56789, -17.3}) {
                double crpix2 = crpix * 0.75 + 3;
                TanWcs[] all = {TanWcs.northUp(ref[0], ref[1], crpix, crpix2, 0.2),
                        TanWcs.fromHeader(header(ref[0], ref[1], crpix, crpix2, randomCd(r))),
                        TanWcs.fromHeader(sip(header(ref[0], ref[1], crpix, crpix2, randomCd(r))))};
                for (TanWcs wcs : all) {
                    // exactly: the reference pixel is the native pole, which maps to CRVAL by definition
                    assertArrayEquals(ref, wcs.sky(crpix - 0.5, crpix2 - 0.5), 0, wcs::toString);
                    assertArrayEquals(new double[] {crpix - 0.5, crpix2 - 0.5}, wcs.pixel(ref[0], ref[1]), 1e-9);
                }
            }
        }
        // CRPIX = 1 is the centre of the first pixel, which spans [0, 1) here; row 0 is south in a north-up image
        TanWcs wcs = TanWcs.northUp(10, 20, 1, 1, 0.5);
        assertArrayEquals(new double[] {10, 20}, wcs.sky(0.5, 0.5), 0);
        assertTrue(wcs.sky(0.5, 1.5)[1] > 20);
    }

    // ---- helpers ----

    /** A random CD matrix: 0.05-10 arcsec pixels, any rotation, flipped or not, slightly sheared, deg/pixel. */
    private static double[] randomCd(SplittableRandom r) {
        double s = r.nextDouble(0.05, 10) / 3600, t = r.nextDouble(2 * Math.PI), flip = r.nextBoolean() ? -1 : 1;
        double e1 = r.nextDouble(-0.05, 0.05), e2 = r.nextDouble(-0.05, 0.05);
        double c = Math.cos(t), sn = Math.sin(t);
        // s R(t) [[flip (1 + e1), e2], [0, 1]]
        double m11 = flip * (1 + e1), m12 = e2, m22 = 1;
        return new double[] {s * c * m11, s * (c * m12 - sn * m22), s * sn * m11, s * (sn * m12 + c * m22)};
    }

    /**
     * The oracle: the sky position of bundle pixel (x, y) by vectors. Tangent-plane coordinates (xi, eta) in
     * radians from the CD matrix; the point (1, xi, eta) in the frame (toward the reference point, east, north),
     * normalised, rotated by R_y(-dec0) then R_z(ra0).
     */
    private static double[] oracle(double ra0, double dec0, double crpix1, double crpix2, double[] cd, double x, double y) {
        double u = x + 0.5 - crpix1, v = y + 0.5 - crpix2;
        double xi = Math.toRadians(cd[0] * u + cd[1] * v), eta = Math.toRadians(cd[2] * u + cd[3] * v);
        double n = Math.sqrt(1 + xi * xi + eta * eta);
        double[] p = {1 / n, xi / n, eta / n};
        p = multiply(rotation(1, -Math.toRadians(dec0)), p);
        p = multiply(rotation(2, Math.toRadians(ra0)), p);
        double ra = Math.toDegrees(Math.atan2(p[1], p[0]));
        return new double[] {ra < 0 ? ra + 360 : ra, Math.toDegrees(Math.atan2(p[2], Math.hypot(p[0], p[1])))};
    }

    /** The right-handed rotation by {@code angle} (radians) about axis 0 = x, 1 = y, 2 = z. */
    private static double[][] rotation(int axis, double angle) {
        double c = Math.cos(angle), s = Math.sin(angle);
        return switch (axis) {
            case 1 -> new double[][] {{c, 0, s}, {0, 1, 0}, {-s, 0, c}};
            case 2 -> new double[][] {{c, -s, 0}, {s, c, 0}, {0, 0, 1}};
            default -> new double[][] {{1, 0, 0}, {0, c, -s}, {0, s, c}};
        };
    }

    private static double[] multiply(double[][] m, double[] v) {
        double[] r = new double[3];
        for (int i = 0; i < 3; i++) r[i] = m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2];
        return r;
    }

    /** The angle between two sky positions {ra, dec}, degrees (chord of the unit vectors, exact for small angles). */
    private static double separationDeg(double[] a, double[] b) {
        double[] p = unit(a), q = unit(b);
        double chord = Math.sqrt(Math.pow(p[0] - q[0], 2) + Math.pow(p[1] - q[1], 2) + Math.pow(p[2] - q[2], 2));
        return Math.toDegrees(2 * Math.asin(chord / 2));
    }

    /** The point {@code sepDeg} degrees from {ra, dec} along the great circle heading north from it. */
    private static double[] offNorth(double[] radec, double sepDeg) {
        double a = Math.toRadians(radec[0]), d = Math.toRadians(radec[1]), s = Math.toRadians(sepDeg);
        double[] r = unit(radec), north = {-Math.sin(d) * Math.cos(a), -Math.sin(d) * Math.sin(a), Math.cos(d)};
        double x = Math.cos(s) * r[0] + Math.sin(s) * north[0], y = Math.cos(s) * r[1] + Math.sin(s) * north[1];
        double z = Math.cos(s) * r[2] + Math.sin(s) * north[2];
        return new double[] {Math.toDegrees(Math.atan2(y, x)), Math.toDegrees(Math.atan2(z, Math.hypot(x, y)))};
    }

    private static double[] unit(double[] radec) {
        double ra = Math.toRadians(radec[0]), dec = Math.toRadians(radec[1]);
        return new double[] {Math.cos(dec) * Math.cos(ra), Math.cos(dec) * Math.sin(ra), Math.sin(dec)};
    }

    /** A TAN header with the reference point and the pixel, no linear part. */
    private static Header base(double ra0, double dec0, double crpix1, double crpix2) throws HeaderCardException {
        Header h = new Header();
        h.addValue("CTYPE1", "RA---TAN", "");
        h.addValue("CTYPE2", "DEC--TAN", "");
        h.addValue("CRVAL1", ra0, "");
        h.addValue("CRVAL2", dec0, "");
        h.addValue("CRPIX1", crpix1, "");
        h.addValue("CRPIX2", crpix2, "");
        return h;
    }

    /** A TAN header with a CD matrix {CD1_1, CD1_2, CD2_1, CD2_2}. */
    private static Header header(double ra0, double dec0, double crpix1, double crpix2, double[] cd) throws HeaderCardException {
        Header h = base(ra0, dec0, crpix1, crpix2);
        h.addValue("CD1_1", cd[0], "");
        h.addValue("CD1_2", cd[1], "");
        h.addValue("CD2_1", cd[2], "");
        h.addValue("CD2_2", cd[3], "");
        return h;
    }

    /** Makes a header TAN-SIP of order 2 with small A_2_0, A_0_2, B_1_1, B_0_2 terms (and inverse terms to ignore). */
    private static Header sip(Header h) throws HeaderCardException {
        h.addValue("CTYPE1", "RA---TAN-SIP", "");
        h.addValue("CTYPE2", "DEC--TAN-SIP", "");
        h.addValue("A_ORDER", 2, "");
        h.addValue("A_2_0", 2e-6, "");
        h.addValue("A_0_2", -1e-6, "");
        h.addValue("B_ORDER", 2, "");
        h.addValue("B_1_1", 3e-6, "");
        h.addValue("B_0_2", 1e-6, "");
        h.addValue("AP_ORDER", 2, "");
        h.addValue("AP_2_0", 5.0, "");   // nonsense on purpose: AP/BP are ignored
        return h;
    }

    /** The header re-read from its 80-character card images. */
    private static Header reparse(Header h) {
        Header back = new Header();
        for (var cards = h.iterator(); cards.hasNext(); ) back.addLine(HeaderCard.create(cards.next().toString()));
        return back;
    }

    private static void assertMessage(Header h, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TanWcs.fromHeader(h));
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' in: " + e.getMessage());
    }
}

package org.galaxyparams.field;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;
import nom.tam.fits.HeaderCardException;

/**
 * The celestial world coordinate system of an image in the gnomonic (TAN) projection, optionally with SIP
 * distortion: FITS WCS paper I and II (Greisen &amp; Calabretta 2002, Calabretta &amp; Greisen 2002) and the SIP
 * convention (Shupe et al. 2005). Immutable.
 *
 * <p>Pixel to sky, in three steps:
 * <ol>
 * <li>linear: intermediate world coordinates (x', y') in degrees = CD (u + f(u, v), v + g(u, v)), where
 * (u, v) = (p1 - CRPIX1, p2 - CRPIX2) are FITS pixel offsets from the reference pixel and f, g the SIP forward
 * polynomials (zero without SIP);</li>
 * <li>the TAN deprojection of (x', y') to native spherical coordinates (phi, theta), the reference point being the
 * native pole (theta0 = 90 deg);</li>
 * <li>the spherical rotation from native to equatorial (ra, dec), the native pole at (CRVAL1, CRVAL2) and the
 * celestial pole at native longitude LONPOLE.</li>
 * </ol>
 * Only equatorial axes are accepted, CTYPE1 = 'RA---TAN' and CTYPE2 = 'DEC--TAN' (or both with '-SIP'), in the
 * ICRS or FK5 J2000 frame (which agree to ~0.02 arcsec); galactic or ecliptic longitude/latitude pairs are refused,
 * since every position this class returns is read as (ra, dec).
 *
 * <p>Image positions follow this bundle's convention: pixel i spans [i, i + 1), so its centre is i + 0.5 and the
 * FITS pixel coordinate (1-based, centre of the first pixel = 1.0) is x + 0.5; row y = 0 is the first row stored
 * in the file.
 */
public final class TanWcs {
    /** Highest SIP order read; the SIP convention's coefficients go to order 9 in practice. */
    private static final int MAX_SIP_ORDER = 9;
    /** Newton iterations allowed when inverting SIP, and the step (pixels) below which it has converged. */
    private static final int SIP_ITERATIONS = 50;
    private static final double SIP_TOLERANCE = 1e-10;

    /** Reference point (CRVAL1, CRVAL2), degrees, as given. */
    private final double ra0, dec0;
    /** Native longitude of the celestial pole, LONPOLE, degrees. */
    private final double lonPole;
    /** FITS reference pixel (CRPIX1, CRPIX2), 1-based. */
    private final double crpix1, crpix2;
    /** The reference pixel in this bundle's convention: CRPIX - 0.5, so that x = x0 gives u = 0 exactly. */
    private final double x0, y0;
    /** CD matrix, degrees per pixel, and its inverse (pixels per degree). */
    private final double cd11, cd12, cd21, cd22;
    private final double inv11, inv12, inv21, inv22;
    /** SIP forward coefficients a[p][q] = A_p_q and b[p][q] = B_p_q (p + q &lt;= order); both null without SIP. */
    private final double[][] a, b;

    private TanWcs(double ra0, double dec0, double lonPole, double crpix1, double crpix2,
            double cd11, double cd12, double cd21, double cd22, double[][] a, double[][] b) {
        this.ra0 = ra0;
        this.dec0 = dec0;
        this.lonPole = lonPole;
        this.crpix1 = crpix1;
        this.crpix2 = crpix2;
        this.x0 = crpix1 - 0.5;
        this.y0 = crpix2 - 0.5;
        this.cd11 = cd11;
        this.cd12 = cd12;
        this.cd21 = cd21;
        this.cd22 = cd22;
        double det = cd11 * cd22 - cd12 * cd21;
        this.inv11 = cd22 / det;
        this.inv12 = -cd12 / det;
        this.inv21 = -cd21 / det;
        this.inv22 = cd11 / det;
        this.a = a;
        this.b = b;
    }

    /**
     * Reads the primary (unlettered) WCS of a FITS header; null when the header has no celestial WCS: neither CTYPE1
     * nor CTYPE2 is present, or neither names a celestial axis (e.g. 'LINEAR', 'PIXEL').
     *
     * <p>The linear part is taken from, in this order of precedence: CDi_j (missing elements 0); else PCi_j (default
     * identity) with CDELTi; else CDELTi with CROTA2 (default 0). CUNITi, when present, must be 'deg'. LONPOLE
     * defaults as in paper II: 180 deg, except 0 when CRVAL2 = 90 (delta0 &gt;= theta0); LATPOLE is irrelevant for a
     * zenithal projection. SIP coefficients (A_ORDER, A_p_q, B_ORDER, B_p_q) are read only when the CTYPEs end in
     * '-SIP', as the convention says; AP/BP (the inverse polynomials) are ignored, {@link #pixel} inverts exactly.
     *
     * @throws IllegalArgumentException naming the keyword and the way out when a WCS is there but not usable: a
     *         projection other than TAN/TAN-SIP, axes other than RA then DEC, a frame other than ICRS/FK5 J2000,
     *         missing CRVAL/CRPIX/scale keywords, a singular linear part, non-numeric or non-finite values
     */
    public static TanWcs fromHeader(Header header) {
        String ctype1 = text(header, "CTYPE1"), ctype2 = text(header, "CTYPE2");
        if (!isCelestial(ctype1) && !isCelestial(ctype2)) return null;
        if (ctype1 == null || ctype2 == null) {
            String missing = ctype1 == null ? "CTYPE1" : "CTYPE2";
            throw new IllegalArgumentException(missing + " is missing while " + (ctype1 == null ? "CTYPE2 = '" + ctype2
                    : "CTYPE1 = '" + ctype1) + "': a celestial WCS needs both axes, add " + missing);
        }
        String axes = "CTYPE1 = '" + ctype1 + "', CTYPE2 = '" + ctype2 + "'";
        String lon = coordinate(ctype1), lat = coordinate(ctype2);
        if (!lon.equals("RA") || !lat.equals("DEC")) {
            String why = lon.equals("DEC") && lat.equals("RA") ? "the axes are swapped (transpose the image and its WCS)"
                    : "only equatorial coordinates are supported, RA on axis 1 and DEC on axis 2 (reproject the image to RA/Dec)";
            throw new IllegalArgumentException(axes + " are not an RA/DEC pair: " + why);
        }
        String proj1 = projection(ctype1), proj2 = projection(ctype2);
        for (String[] c : new String[][] {{"CTYPE1", ctype1, proj1}, {"CTYPE2", ctype2, proj2}}) {
            if (!c[2].equals("TAN") && !c[2].equals("TAN-SIP")) {
                throw new IllegalArgumentException(c[0] + " = '" + c[1] + "': "
                        + (c[2].isEmpty() ? "no projection code" : "projection '" + c[2] + "'")
                        + " is not supported: only TAN (gnomonic, optionally TAN-SIP); reproject the image to TAN");
            }
        }
        if (!proj1.equals(proj2)) {
            throw new IllegalArgumentException(axes + ": both axes must say '-SIP' or neither; fix CTYPE1 or CTYPE2");
        }
        checkFrame(header);
        for (String unit : new String[] {"CUNIT1", "CUNIT2"}) {
            String u = text(header, unit);
            if (u != null && !u.equalsIgnoreCase("deg")) {
                throw new IllegalArgumentException(unit + " = '" + u + "': only 'deg' is supported; convert CRVAL and CD/CDELT to degrees");
            }
        }

        double ra0 = required(header, "CRVAL1"), dec0 = required(header, "CRVAL2");
        if (Math.abs(dec0) > 90) throw new IllegalArgumentException("CRVAL2 = " + dec0 + " is not a declination in [-90, 90] degrees");
        double crpix1 = required(header, "CRPIX1"), crpix2 = required(header, "CRPIX2");
        double lonPole = real(header, "LONPOLE", defaultLonPole(dec0));

        double[] cd;
        String source;
        if (anyOf(header, "CD1_1", "CD1_2", "CD2_1", "CD2_2")) {
            // CDi_j: missing elements are 0 (paper I, sect. 2.1.2)
            cd = new double[] {real(header, "CD1_1", 0), real(header, "CD1_2", 0), real(header, "CD2_1", 0), real(header, "CD2_2", 0)};
            source = "CD1_1, CD1_2, CD2_1, CD2_2";
        } else if (anyOf(header, "PC1_1", "PC1_2", "PC2_1", "PC2_2")) {
            // CDi_j = CDELTi PCi_j; PC defaults to the identity
            double d1 = required(header, "CDELT1"), d2 = required(header, "CDELT2");
            cd = new double[] {d1 * real(header, "PC1_1", 1), d1 * real(header, "PC1_2", 0),
                    d2 * real(header, "PC2_1", 0), d2 * real(header, "PC2_2", 1)};
            source = "PCi_j x CDELTi";
        } else if (anyOf(header, "CDELT1", "CDELT2")) {
            // the old CROTA2 convention (paper II, eq. 188): the pixel grid rotated by rho, then scaled by CDELTi
            double d1 = required(header, "CDELT1"), d2 = required(header, "CDELT2");
            double rho = Math.toRadians(real(header, "CROTA2", 0)), c = Math.cos(rho), s = Math.sin(rho);
            cd = new double[] {d1 * c, -d2 * s, d1 * s, d2 * c};
            source = "CDELTi with CROTA2";
        } else {
            throw new IllegalArgumentException(axes + " but no CDi_j, PCi_j/CDELTi or CDELTi keywords: the pixel scale is unknown;"
                    + " add the CD matrix (degrees/pixel)");
        }
        checkRegular(cd, source);

        double[][] a = null, b = null;
        if (proj1.equals("TAN-SIP")) {
            a = sip(header, "A");
            b = sip(header, "B");
        }
        return new TanWcs(ra0, dec0, lonPole, crpix1, crpix2, cd[0], cd[1], cd[2], cd[3], a, b);
    }

    /**
     * A TAN WCS with north up and east left: CD1_1 = -scale/3600, CD2_2 = +scale/3600, CD1_2 = CD2_1 = 0, no SIP,
     * default LONPOLE.
     *
     * @param raDeg reference right ascension, degrees
     * @param decDeg reference declination, degrees in [-90, 90]
     * @param crpix1 FITS (1-based) x pixel coordinate of the reference point
     * @param crpix2 FITS (1-based) y pixel coordinate of the reference point
     * @param scaleArcsecPerPixel pixel scale, arcsec/pixel, &gt; 0
     * @throws IllegalArgumentException for non-finite values, |dec| &gt; 90 or a scale &lt;= 0
     */
    public static TanWcs northUp(double raDeg, double decDeg, double crpix1, double crpix2, double scaleArcsecPerPixel) {
        if (!Double.isFinite(raDeg) || !(Math.abs(decDeg) <= 90) || !Double.isFinite(crpix1) || !Double.isFinite(crpix2)
                || !(scaleArcsecPerPixel > 0) || !Double.isFinite(scaleArcsecPerPixel)) {
            throw new IllegalArgumentException("a north-up WCS needs a finite ra, dec in [-90, 90], finite CRPIX and a scale > 0; got ra "
                    + raDeg + ", dec " + decDeg + ", CRPIX (" + crpix1 + ", " + crpix2 + "), " + scaleArcsecPerPixel + " arcsec/pixel");
        }
        double d = scaleArcsecPerPixel / 3600;
        return new TanWcs(raDeg, decDeg, defaultLonPole(decDeg), crpix1, crpix2, -d, 0, 0, d, null, null);
    }

    /**
     * The sky position of an image position.
     *
     * @param x column position, pixels (this bundle's convention: FITS p1 = x + 0.5)
     * @param y row position, pixels (FITS p2 = y + 0.5; y = 0 is the first row stored)
     * @return {ra, dec} in degrees, ra in [0, 360)
     */
    public double[] sky(double x, double y) {
        // pixel offsets from the reference pixel; (x - x0) is exactly 0 at the reference pixel
        double u = x - x0, v = y - y0;
        if (a != null) {
            // SIP: the distortion is added in pixel space, before the CD matrix
            double fu = poly(a, u, v), gv = poly(b, u, v);
            u += fu;
            v += gv;
        }
        // intermediate world coordinates, degrees
        double xi = cd11 * u + cd12 * v, eta = cd21 * u + cd22 * v;
        // the reference point is the native pole, which maps to (CRVAL1, CRVAL2) by construction
        if (xi == 0 && eta == 0) return new double[] {normalise(ra0), dec0};
        double[] n = nativeVector(Math.toRadians(xi), Math.toRadians(eta));
        return toCelestial(n[0], n[1], n[2]);
    }

    /**
     * The image position of a sky position: the inverse of {@link #sky}. With SIP the polynomial is inverted by
     * Newton's method to 1e-10 pixel.
     *
     * @param raDeg right ascension, degrees
     * @param decDeg declination, degrees
     * @return {x, y} in this bundle's convention (FITS p = x + 0.5); {NaN, NaN} when the point is on the far
     *         hemisphere (90 deg or more from the reference point, where TAN has no image) or, with SIP, where the
     *         distortion cannot be inverted
     */
    public double[] pixel(double raDeg, double decDeg) {
        double[] xy = toIntermediate(Math.toRadians(raDeg), Math.toRadians(decDeg));
        if (xy == null) return new double[] {Double.NaN, Double.NaN};
        // undo the CD matrix: distorted pixel offsets (u + f, v + g)
        double up = inv11 * xy[0] + inv12 * xy[1], vp = inv21 * xy[0] + inv22 * xy[1];
        if (a == null) return new double[] {x0 + up, y0 + vp};
        double[] uv = invertSip(up, vp);
        return uv == null ? new double[] {Double.NaN, Double.NaN} : new double[] {x0 + uv[0], y0 + uv[1]};
    }

    /** Arcsec per pixel at the reference point: sqrt(|det CD|) x 3600, ignoring SIP. */
    public double pixelScaleArcsec() {
        return Math.sqrt(Math.abs(cd11 * cd22 - cd12 * cd21)) * 3600;
    }

    /**
     * Writes this WCS to a header: CTYPE1/2, CUNIT1/2 ('deg'), CRVAL1/2, CRPIX1/2, CD1_1, CD1_2, CD2_1, CD2_2,
     * RADESYS = 'ICRS', LONPOLE when it is not the default, and the SIP terms (A_ORDER, B_ORDER and the non-zero
     * A_p_q, B_p_q) when present. Existing cards with these keywords are replaced, and keywords that would contradict
     * them are deleted: PCi_j, CDELTi, CROTAi, LONPOLE, and stale SIP terms (A_, B_, AP_, BP_).
     */
    public void writeTo(Header header) throws HeaderCardException {
        for (String key : new String[] {"PC1_1", "PC1_2", "PC2_1", "PC2_2", "CDELT1", "CDELT2", "CROTA1", "CROTA2", "LONPOLE"}) {
            header.deleteKey(key);
        }
        for (String prefix : new String[] {"A", "B", "AP", "BP"}) {
            header.deleteKey(prefix + "_ORDER");
            for (int p = 0; p <= MAX_SIP_ORDER; p++) {
                for (int q = 0; p + q <= MAX_SIP_ORDER; q++) header.deleteKey(prefix + "_" + p + "_" + q);
            }
        }
        String suffix = a != null ? "-SIP" : "";
        header.addValue("CTYPE1", "RA---TAN" + suffix, "right ascension, gnomonic projection");
        header.addValue("CTYPE2", "DEC--TAN" + suffix, "declination, gnomonic projection");
        header.addValue("CUNIT1", "deg", "unit of CRVAL1 and CD1_j");
        header.addValue("CUNIT2", "deg", "unit of CRVAL2 and CD2_j");
        header.addValue("RADESYS", "ICRS", "reference frame");
        addReal(header, "CRVAL1", ra0, "[deg] right ascension of the reference point");
        addReal(header, "CRVAL2", dec0, "[deg] declination of the reference point");
        addReal(header, "CRPIX1", crpix1, "reference pixel, x (1-based)");
        addReal(header, "CRPIX2", crpix2, "reference pixel, y (1-based)");
        addReal(header, "CD1_1", cd11, "[deg/pixel] linear transformation");
        addReal(header, "CD1_2", cd12, "[deg/pixel] linear transformation");
        addReal(header, "CD2_1", cd21, "[deg/pixel] linear transformation");
        addReal(header, "CD2_2", cd22, "[deg/pixel] linear transformation");
        if (lonPole != defaultLonPole(dec0)) addReal(header, "LONPOLE", lonPole, "[deg] native longitude of the celestial pole");
        if (a != null) {
            writeSip(header, "A", a);
            writeSip(header, "B", b);
        }
    }

    /** One line for messages, e.g. "TAN, reference (150.1, 2.2) deg at FITS pixel (2048.5, 2048.5), 0.23 arcsec/pixel". */
    @Override
    public String toString() {
        String kind = a == null ? "TAN" : "TAN-SIP (A/B order " + (a.length - 1) + "/" + (b.length - 1) + ")";
        return kind + ", reference (" + decimals(ra0, 6) + ", " + decimals(dec0, 6) + ") deg at FITS pixel ("
                + decimals(crpix1, 3) + ", " + decimals(crpix2, 3) + "), "
                + new BigDecimal(pixelScaleArcsec()).round(new MathContext(4)).stripTrailingZeros().toPlainString() + " arcsec/pixel";
    }

    // ---- the projection ----

    /**
     * TAN deprojection (paper II, eqs. 12, 14, 54): R = sqrt(x'^2 + y'^2), phi = arg(-y', x'), tan(theta) = 1 / R
     * (R in radians). Returned as the unit vector {cos theta sin(phi - phip), cos theta cos(phi - phip), sin theta}
     * without any inverse trigonometry: with rho = sqrt(1 + R^2), sin theta = 1/rho, cos theta sin phi = x'/rho and
     * cos theta cos phi = -y'/rho, which stays exact at the pole R = 0.
     */
    private double[] nativeVector(double xi, double eta) {
        double rho = Math.sqrt(1 + xi * xi + eta * eta);
        double cp = cosDeg(lonPole), sp = cosDeg(lonPole - 90);
        // sin(phi - phip) = sin phi cos phip - cos phi sin phip; cos(phi - phip) = cos phi cos phip + sin phi sin phip
        return new double[] {(xi * cp + eta * sp) / rho, (-eta * cp + xi * sp) / rho, 1 / rho};
    }

    /**
     * Native (phi, theta) to celestial (paper II, eq. 2), with (alpha_p, delta_p) = (CRVAL1, CRVAL2) since the
     * reference point is the native pole:
     * cos(d) sin(a - ap) = -cos(t) sin(phi - phip),
     * cos(d) cos(a - ap) = sin(t) cos(dp) - cos(t) sin(dp) cos(phi - phip),
     * sin(d) = sin(t) sin(dp) + cos(t) cos(dp) cos(phi - phip);
     * the angles come from atan2 of these components, accurate everywhere (also near the celestial poles).
     */
    private double[] toCelestial(double cosThetaSin, double cosThetaCos, double sinTheta) {
        double dp = Math.toRadians(dec0), sdp = Math.sin(dp), cdp = Math.cos(dp);
        double cy = -cosThetaSin;
        double cx = sinTheta * cdp - cosThetaCos * sdp;
        double sz = sinTheta * sdp + cosThetaCos * cdp;
        double ra = ra0 + Math.toDegrees(Math.atan2(cy, cx));
        double dec = Math.toDegrees(Math.atan2(sz, Math.hypot(cx, cy)));
        return new double[] {normalise(ra), dec};
    }

    /**
     * Celestial to intermediate world coordinates (degrees), or null on the far hemisphere. Paper II eq. 5 gives the
     * native vector: cos(t) cos(phi - phip) = sin(d) cos(dp) - cos(d) sin(dp) cos(a - ap),
     * cos(t) sin(phi - phip) = -cos(d) sin(a - ap), sin(t) = sin(d) sin(dp) + cos(d) cos(dp) cos(a - ap);
     * then TAN (eqs. 54, 12-13): x' = R sin(phi), y' = -R cos(phi) with R = cot(theta), i.e.
     * x' = cos(t) sin(phi) / sin(t), y' = -cos(t) cos(phi) / sin(t).
     */
    private double[] toIntermediate(double ra, double dec) {
        double dp = Math.toRadians(dec0), sdp = Math.sin(dp), cdp = Math.cos(dp);
        double da = ra - Math.toRadians(ra0), cd = Math.cos(dec), sd = Math.sin(dec);
        double c = sd * cdp - cd * sdp * Math.cos(da);   // cos(t) cos(phi - phip)
        double s = -cd * Math.sin(da);                    // cos(t) sin(phi - phip)
        double sinTheta = sd * sdp + cd * cdp * Math.cos(da);
        if (!(sinTheta > 0)) return null;                 // theta <= 0: the far hemisphere has no gnomonic image
        double cp = cosDeg(lonPole), sp = cosDeg(lonPole - 90);
        double cosThetaSinPhi = s * cp + c * sp, cosThetaCosPhi = c * cp - s * sp;
        return new double[] {Math.toDegrees(cosThetaSinPhi / sinTheta), Math.toDegrees(-cosThetaCosPhi / sinTheta)};
    }

    /**
     * Solves u + f(u, v) = up, v + g(u, v) = vp for (u, v) by Newton's method from (up, vp); the Jacobian is
     * [[1 + df/du, df/dv], [dg/du, 1 + dg/dv]]. Null when it does not converge (far outside the fitted region).
     */
    private double[] invertSip(double up, double vp) {
        double u = up, v = vp;
        for (int i = 0; i < SIP_ITERATIONS; i++) {
            double[] f = polyAndGradient(a, u, v), g = polyAndGradient(b, u, v);
            double ru = u + f[0] - up, rv = v + g[0] - vp;
            double j11 = 1 + f[1], j12 = f[2], j21 = g[1], j22 = 1 + g[2];
            double det = j11 * j22 - j12 * j21;
            if (!(Math.abs(det) > 0) || !Double.isFinite(det)) return null;
            double du = (j22 * ru - j12 * rv) / det, dv = (j11 * rv - j21 * ru) / det;
            u -= du;
            v -= dv;
            if (Math.abs(du) < SIP_TOLERANCE && Math.abs(dv) < SIP_TOLERANCE) return new double[] {u, v};
        }
        return null;
    }

    /** The SIP polynomial sum c[p][q] u^p v^q. */
    private static double poly(double[][] c, double u, double v) {
        return polyAndGradient(c, u, v)[0];
    }

    /** {value, d/du, d/dv} of the SIP polynomial sum c[p][q] u^p v^q. */
    private static double[] polyAndGradient(double[][] c, double u, double v) {
        int n = c.length - 1;
        double[] up = powers(u, n), vp = powers(v, n);
        double f = 0, fu = 0, fv = 0;
        for (int p = 0; p <= n; p++) {
            for (int q = 0; p + q <= n; q++) {
                double k = c[p][q];
                if (k == 0) continue;
                f += k * up[p] * vp[q];
                if (p > 0) fu += k * p * up[p - 1] * vp[q];
                if (q > 0) fv += k * q * up[p] * vp[q - 1];
            }
        }
        return new double[] {f, fu, fv};
    }

    private static double[] powers(double t, int n) {
        double[] r = new double[n + 1];
        r[0] = 1;
        for (int i = 1; i <= n; i++) r[i] = r[i - 1] * t;
        return r;
    }

    /** Paper II, sect. 2.4: LONPOLE defaults to 0 if delta0 &gt;= theta0, else 180; theta0 = 90 for TAN. */
    private static double defaultLonPole(double dec0) {
        return dec0 >= 90 ? 0 : 180;
    }

    /** cos of an angle in degrees, exact (0, 1, -1) at multiples of 90 such as the default LONPOLE. */
    private static double cosDeg(double deg) {
        double r = normalise(deg);
        if (r == 0) return 1;
        if (r == 90 || r == 270) return 0;
        if (r == 180) return -1;
        return Math.cos(Math.toRadians(r));
    }

    /** An angle in degrees reduced to [0, 360). */
    private static double normalise(double deg) {
        double r = deg % 360;
        if (r < 0) r += 360;
        return r >= 360 ? 0 : r;   // -1e-17 + 360 rounds to 360
    }

    // ---- header reading and writing ----

    /** The coordinate type of a CTYPE: its first four characters without the '-' padding ("RA", "DEC", "GLON"). */
    private static String coordinate(String ctype) {
        String head = ctype.length() > 4 ? ctype.substring(0, 4) : ctype;
        int end = head.length();
        while (end > 0 && head.charAt(end - 1) == '-') end--;
        return head.substring(0, end);
    }

    /** The projection code of a CTYPE: what follows "xxxx-" ("TAN", "TAN-SIP"); empty for a linear axis. */
    private static String projection(String ctype) {
        return ctype.length() > 5 && ctype.charAt(4) == '-' ? ctype.substring(5) : "";
    }

    /** Whether a CTYPE names a celestial axis (paper II, sect. 3): RA, DEC, xLON/xLAT or xyLN/xyLT. */
    private static boolean isCelestial(String ctype) {
        if (ctype == null) return false;
        String c = coordinate(ctype);
        return c.equals("RA") || c.equals("DEC") || c.matches("[A-Z](LON|LAT)") || c.matches("[A-Z]{2}(LN|LT)");
    }

    /**
     * RADESYS must be ICRS or FK5 with EQUINOX 2000 (which differ by ~0.02 arcsec); paper II defaults RADESYS to
     * ICRS without EQUINOX, FK4 with EQUINOX &lt; 1984, else FK5.
     */
    private static void checkFrame(Header h) {
        String frame = text(h, "RADESYS");
        if (frame == null) frame = text(h, "RADECSYS");   // the pre-standard spelling
        double equinox = real(h, "EQUINOX", Double.NaN);
        if (frame == null) frame = Double.isNaN(equinox) ? "ICRS" : equinox < 1984 ? "FK4" : "FK5";
        frame = frame.toUpperCase(Locale.ROOT);
        if (frame.equals("ICRS")) return;
        if (frame.equals("FK5") && (Double.isNaN(equinox) || equinox == 2000)) return;
        throw new IllegalArgumentException("RADESYS = '" + frame + "'" + (Double.isNaN(equinox) ? "" : ", EQUINOX = " + equinox)
                + ": only ICRS or FK5 J2000 coordinates are supported; precess the WCS to J2000");
    }

    /** Throws when the CD matrix (degrees/pixel) is singular or nearly so (pixel axes parallel on the sky). */
    private static void checkRegular(double[] cd, String source) {
        double norm = Math.max(Math.max(Math.abs(cd[0]), Math.abs(cd[1])), Math.max(Math.abs(cd[2]), Math.abs(cd[3])));
        double det = cd[0] * cd[3] - cd[1] * cd[2];
        if (!(Math.abs(det) > 1e-12 * norm * norm)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the CD matrix from %s, [[%s, %s], [%s, %s]] deg/pixel, is singular (determinant %s): the pixel axes"
                            + " do not span the sky; fix these keywords", source, cd[0], cd[1], cd[2], cd[3], det));
        }
    }

    /** The SIP coefficients with prefix "A" or "B": {@code c[p][q]} = prefix_p_q for p + q &lt;= prefix_ORDER. */
    private static double[][] sip(Header h, String prefix) {
        String key = prefix + "_ORDER";
        double order = real(h, key, Double.NaN);
        if (Double.isNaN(order)) {
            throw new IllegalArgumentException("the CTYPEs end in '-SIP' but " + key + " is missing: add the SIP coefficients or drop '-SIP'");
        }
        if (order != Math.rint(order) || order < 0 || order > MAX_SIP_ORDER) {
            throw new IllegalArgumentException(key + " = " + order + " is not an integer 0-" + MAX_SIP_ORDER);
        }
        int n = (int) order;
        double[][] c = new double[n + 1][n + 1];
        for (int p = 0; p <= n; p++) {
            for (int q = 0; p + q <= n; q++) c[p][q] = real(h, prefix + "_" + p + "_" + q, 0);
        }
        return c;
    }

    private static void writeSip(Header h, String prefix, double[][] c) throws HeaderCardException {
        int n = c.length - 1;
        h.addValue(prefix + "_ORDER", (Number) Integer.valueOf(n), "SIP polynomial order, axis " + (prefix.equals("A") ? 1 : 2));
        for (int p = 0; p <= n; p++) {
            for (int q = 0; p + q <= n; q++) {
                if (c[p][q] != 0) addReal(h, prefix + "_" + p + "_" + q, c[p][q], "SIP distortion coefficient");
            }
        }
    }

    /** A real keyword with all the digits needed to read back the same double. */
    private static void addReal(Header h, String key, double value, String comment) throws HeaderCardException {
        h.addValue(key, new BigDecimal(Double.toString(value)), comment);
    }

    private static boolean anyOf(Header h, String... keys) {
        for (String k : keys) if (h.containsKey(k)) return true;
        return false;
    }

    /** A required real keyword. */
    private static double required(Header h, String key) {
        double v = real(h, key, Double.NaN);
        if (Double.isNaN(v)) {
            throw new IllegalArgumentException(key + " is missing or blank: a TAN WCS needs CRVALi, CRPIXi and a CD matrix"
                    + " (or CDELTi); add " + key);
        }
        return v;
    }

    /** A real keyword's value, {@code absent} when missing; a non-numeric or non-finite value is an error. */
    private static double real(Header h, String key, double absent) {
        HeaderCard c = h.findCard(key);
        if (c == null || c.getValue() == null || c.getValue().isBlank()) return absent;
        double v;
        try {
            v = c.isStringValue() ? Double.NaN : Double.parseDouble(c.getValue().trim().replace('D', 'E').replace('d', 'e'));
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("keyword " + key + " = " + c.getValue().trim() + " is not a finite number; fix " + key);
        }
        return v;
    }

    /** A text keyword's value, upper case and trimmed; null when missing or blank. */
    private static String text(Header h, String key) {
        if (!h.containsKey(key)) return null;
        String v = h.getStringValue(key);
        if (v == null || v.isBlank()) return null;
        return v.trim().toUpperCase(Locale.ROOT);
    }

    private static String decimals(double v, int places) {
        return new BigDecimal(v).setScale(places, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }
}

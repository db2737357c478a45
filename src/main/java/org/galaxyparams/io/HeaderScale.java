package org.galaxyparams.io;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pixel scale a FITS header states, by one rule everywhere: PIXSCALE (arcsec/pixel) when present, else the WCS
 * CD matrix (degrees/pixel; sqrt |det CD| x 3600), else CDELT1 and CDELT2 (degrees; sqrt |CDELT1 CDELT2| x 3600).
 * A WCS whose CUNIT is not degrees, or whose pixels are not square within 1 %, states no usable scale.
 */
public final class HeaderScale {
    private HeaderScale() {}

    /** The scale in arcsec/pixel and where it came from. */
    public record Scale(double arcsecPerPixel, String source) {}

    /** The scale stated by header text (one 80-character card or one line per keyword), or null when none. */
    public static Scale of(String header) {
        if (header == null) return null;
        double pixscale = value(header, "PIXSCALE");
        if (pixscale > 0) return new Scale(pixscale, "PIXSCALE");
        String unit1 = text(header, "CUNIT1"), unit2 = text(header, "CUNIT2");
        if ((unit1 != null && !unit1.equalsIgnoreCase("deg")) || (unit2 != null && !unit2.equalsIgnoreCase("deg"))) return null;
        double cd11 = value(header, "CD1_1"), cd12 = value(header, "CD1_2"), cd21 = value(header, "CD2_1"), cd22 = value(header, "CD2_2");
        if (Double.isFinite(cd11) && Double.isFinite(cd22)) {
            double c12 = Double.isFinite(cd12) ? cd12 : 0, c21 = Double.isFinite(cd21) ? cd21 : 0;
            double sx = Math.hypot(cd11, c21), sy = Math.hypot(c12, cd22);
            if (!square(sx, sy)) return null;
            return new Scale(Math.sqrt(Math.abs(cd11 * cd22 - c12 * c21)) * 3600, "WCS CD matrix");
        }
        double d1 = value(header, "CDELT1"), d2 = value(header, "CDELT2");
        if (Double.isFinite(d1) && Double.isFinite(d2) && square(Math.abs(d1), Math.abs(d2)))
            return new Scale(Math.sqrt(Math.abs(d1 * d2)) * 3600, "WCS CDELT");
        return null;
    }

    private static boolean square(double a, double b) { return a > 0 && b > 0 && Math.abs(a / b - 1) <= 0.01; }

    private static double value(String header, String key) {
        Matcher m = Pattern.compile("(?m)^\\s*" + key + "\\s*=\\s*'?\\s*([-+0-9.eEdD]+)").matcher(header);
        if (!m.find()) return Double.NaN;
        try {
            return Double.parseDouble(m.group(1).replace('D', 'E').replace('d', 'e'));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String text(String header, String key) {
        Matcher m = Pattern.compile("(?m)^\\s*" + key + "\\s*=\\s*'\\s*([^' ]*)\\s*'").matcher(header);
        return m.find() ? m.group(1) : null;
    }
}

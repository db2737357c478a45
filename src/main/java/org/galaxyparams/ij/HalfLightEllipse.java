package org.galaxyparams.ij;

import ij.gui.EllipseRoi;
import ij.gui.OvalRoi;
import ij.gui.Roi;

/**
 * The half-light ellipse of a sheared galaxy, for drawing a catalog row on its image.
 *
 * <p><b>Derivation.</b> GalSim shears a round profile of half-light radius r with the area-preserving matrix
 * S = [[1 + g1, g2], [g2, 1 - g1]] / sqrt(1 - |g|^2) (det S = 1). Its eigenvalues are
 * (1 &plusmn; |g|) / sqrt(1 - |g|^2) = sqrt((1 + |g|) / (1 - |g|)) and its inverse, so the circle of radius r becomes
 * the ellipse with semi-axes a = r / sqrt(q) and b = r sqrt(q), q = b / a = (1 - |g|) / (1 + |g|), area
 * pi a b = pi r^2. The eigenvector of the larger eigenvalue, (cos beta, sin beta) with beta = atan2(g2, g1) / 2,
 * is the major axis: g1 &gt; 0 lies along x, g2 &gt; 0 along x = y. These x and y are the field's pixel frame, in
 * which the renderer and the networks work (GalSim's: x along a row, y along the FITS rows, up as DS9 shows it).
 *
 * <p><b>On screen.</b> ImageJ's y points down. When the image shows the field's rows as they are (row 0 at the
 * top, as Open Galaxy Dataset shows stamps) screen y is field y and the angle is beta. When it shows them flipped
 * (ImageJ's FITS reader puts the first FITS row at the bottom, as DS9 does; see {@link FieldImages}), screen
 * y = height - field y, which turns (cos beta, sin beta) into (cos beta, -sin beta): the angle on screen is -beta,
 * so g2 &gt; 0 lies along x = y of the sky as shown, i.e. x = -y in ImageJ's coordinates.
 *
 * @param a semi-major axis, pixels
 * @param b semi-minor axis, pixels
 * @param angle position angle of the major axis in the field's pixel frame, radians from +x towards +y
 */
public record HalfLightEllipse(double a, double b, double angle) {
    /**
     * @param radius half-light radius, pixels
     * @throws IllegalArgumentException when |g| &gt;= 1 or the radius is not positive (no ellipse)
     */
    public static HalfLightEllipse of(double radius, double g1, double g2) {
        double g = Math.hypot(g1, g2);
        if (!(radius > 0) || !(g < 1) || !Double.isFinite(radius))
            throw new IllegalArgumentException("no half-light ellipse for radius " + radius + " pixels and |g| = " + g);
        double q = (1 - g) / (1 + g);
        return new HalfLightEllipse(radius / Math.sqrt(q), radius * Math.sqrt(q), 0.5 * Math.atan2(g2, g1));
    }

    /** Whether an ellipse can be drawn for these values (radius &gt; 0, |g| &lt; 1). */
    public static boolean drawable(double radius, double g1, double g2) {
        return radius > 0 && Double.isFinite(radius) && Math.hypot(g1, g2) < 1;
    }

    public double axisRatio() { return b / a; }

    public double area() { return Math.PI * a * b; }

    /** The angle on an ImageJ canvas, radians from +x towards ImageJ's +y (down). */
    public double screenAngle(boolean flipped) { return flipped ? -angle : angle; }

    /** The ellipse centred at (x, screenY) in ImageJ's coordinates. */
    public Roi roi(double x, double screenY, boolean flipped) {
        double t = screenAngle(flipped), dx = a * Math.cos(t), dy = a * Math.sin(t);
        return new EllipseRoi(x - dx, screenY - dy, x + dx, screenY + dy, b / a);
    }

    /** A circle of {@code radius} pixels centred at (x, screenY), for stars and rows without an estimate. */
    public static Roi circle(double x, double screenY, double radius) {
        return new OvalRoi(x - radius, screenY - radius, 2 * radius, 2 * radius);
    }
}

package org.galaxyparams.ij;

import static org.junit.jupiter.api.Assertions.*;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

import java.awt.geom.Rectangle2D;
import java.nio.file.Path;
import java.util.SplittableRandom;

import nom.tam.fits.Header;
import org.galaxyparams.field.FieldImage;
import org.galaxyparams.field.FieldSimulator;
import org.galaxyparams.field.FieldSpec;
import org.galaxyparams.field.TanWcs;
import org.galaxyparams.io.FieldFits;
import org.galaxyparams.sim.Preset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An open image as a field without a display: header values, WCS and row order as {@link FieldFits#read} gives them;
 * the images Measure Field refuses; the half-light ellipse's geometry and its orientation on screen.
 */
class FieldImagesTest {
    @TempDir
    Path dir;

    static final int W = 200, H = 150;
    static final TanWcs WCS = TanWcs.northUp(150.1, 2.3, 100.5, 60.5, 0.2);

    /** Pixel values that say where they are: 1000 y + x of the field (rows as the file stores them). */
    static float[] counts() {
        float[] p = new float[W * H];
        for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) p[y * W + x] = 1000 * y + x;
        return p;
    }

    /** The image as ImageJ's FITS reader would give it: rows flipped, the header as 80-column lines of Info. */
    static ImagePlus asFromFitsReader(Header cards) throws Exception {
        float[] f = counts(), shown = new float[f.length];
        for (int y = 0; y < H; y++) System.arraycopy(f, (H - 1 - y) * W, shown, y * W, W);
        ImagePlus imp = new ImagePlus("field.fits", new FloatProcessor(W, H, shown));
        imp.setProperty("Info", FieldImages.fitsInfo(W, H, cards));
        return imp;
    }

    static Header cards() throws Exception {
        Header h = new Header();
        h.addValue("PSF_FWHM", 0.65, "PSF FWHM [arcsec]");
        h.addValue("SIGMA", 250.0, "noise [counts]");
        h.addValue("SATURATE", 60000.0, "saturation [counts]");
        WCS.writeTo(h);
        return h;
    }

    @Test
    void fitsHeaderInInfoGivesTheFieldTheFileWouldGive() throws Exception {
        assertTrue(FieldImages.fitsReaderFlips(), "ImageJ's FITS reader flips rows by default");
        FieldImages.Mapped m = FieldImages.of(asFromFitsReader(cards()));
        FieldImage f = m.field();
        assertTrue(m.flipped());
        assertArrayEquals(counts(), f.pixels(), "rows back in file order");
        assertEquals("field.fits", f.name());
        assertEquals(W, f.width());
        assertEquals(H, f.height());
        assertEquals(0.65, f.psfFwhm());
        assertEquals(250, f.sigma());
        assertEquals(60000, f.saturation());
        assertEquals(0.2, f.pixelScale(), 1e-12, "no calibration and no PIXSCALE: the WCS's scale");
        assertEquals("", f.wcsNote());
        assertNotNull(f.wcs());
        for (double[] p : new double[][] {{0, 0}, {100.5, 60.5}, {W, H}, {17.25, 133.75}, {-50, 400}}) {
            double[] want = WCS.sky(p[0], p[1]), got = f.wcs().sky(p[0], p[1]);
            assertEquals(want[0], got[0], 1e-9, "ra at " + p[0] + ", " + p[1]);
            assertEquals(want[1], got[1], 1e-9, "dec at " + p[0] + ", " + p[1]);
        }
        assertEquals(H - 10.5, m.screenY(10.5));
    }

    @Test
    void anImageOpenedByImageJsFitsReaderMatchesFieldFitsRead() throws Exception {
        Path file = dir.resolve("field.fits");
        FieldImage written = new FieldImage("x", counts(), W, H, 0.2, 0.65, 250, Double.NaN, WCS, "");
        FieldFits.write(file, written, "MOFFAT", 2.0, "SATURATE", 60000.0, "GPCMD", "a long command 'quoted' ".repeat(6));
        ImagePlus imp = IJ.openImage(file.toString());
        assertNotNull(imp, "ImageJ opens the FITS file");
        FieldImages.Mapped m = FieldImages.of(imp);
        FieldImage f = m.field(), read = FieldFits.read(file);
        assertArrayEquals(read.pixels(), f.pixels());
        assertEquals(read.name(), f.name());
        assertEquals(read.pixelScale(), f.pixelScale());
        assertEquals(read.psfFwhm(), f.psfFwhm());
        assertEquals(read.sigma(), f.sigma());
        assertEquals(read.saturation(), f.saturation());
        assertEquals(read.wcsNote(), f.wcsNote());
        for (double[] p : new double[][] {{3.5, 7.25}, {W - 1, H - 1}}) {
            assertArrayEquals(read.wcs().sky(p[0], p[1]), f.wcs().sky(p[0], p[1]), 1e-9);
        }
    }

    @Test
    void simulatedFieldShownInFijiReadsBackExactly() throws Exception {
        FieldSpec spec = new FieldSpec(128, 112, 2, 1, Preset.DATASET3, 0.7, 300, 1000, 20, 0, 0.23, true, 5);
        FieldImage f = FieldSimulator.simulate(spec, null, () -> false).image();
        ImagePlus imp = SimulateFieldPlugin.image("sim", spec, f);
        assertEquals(0.23, GalaxyImages.pixelScaleArcsec(imp));
        assertEquals(f.pixels()[0], ((float[]) imp.getProcessor().getPixels())[(f.height() - 1) * f.width()], "first FITS row at the bottom");
        FieldImage back = FieldImages.of(imp).field();
        assertArrayEquals(f.pixels(), back.pixels());
        assertEquals(f.pixelScale(), back.pixelScale());
        assertEquals(f.psfFwhm(), back.psfFwhm());
        assertEquals(f.sigma(), back.sigma());
        assertEquals(f.saturation(), back.saturation(), "NaN both");
        assertArrayEquals(f.wcs().sky(10.5, 99.5), back.wcs().sky(10.5, 99.5), 1e-9);
        assertTrue(imp.getInfoProperty().contains("PSFBETA =                  2.0"), imp.getInfoProperty());
    }

    @Test
    void imagesWithoutAFitsHeaderAreTakenRowForRow() {
        ImagePlus imp = new ImagePlus("made in ImageJ", new FloatProcessor(W, H, counts()));
        Calibration cal = imp.getCalibration();
        cal.pixelWidth = cal.pixelHeight = 0.23;
        cal.setUnit("arcsec");
        FieldImages.Mapped m = FieldImages.of(imp);
        assertFalse(m.flipped());
        assertArrayEquals(counts(), m.field().pixels());
        assertEquals(0.23, m.field().pixelScale());
        assertTrue(Double.isNaN(m.field().psfFwhm()) && Double.isNaN(m.field().sigma()) && Double.isNaN(m.field().saturation()));
        assertNull(m.field().wcs());
        assertEquals("no WCS in the header: positions in pixels only", m.field().wcsNote());
        assertEquals(10.5, m.screenY(10.5));

        ImagePlus plain = new ImagePlus("plain", new FloatProcessor(W, H, counts()));
        assertTrue(Double.isNaN(FieldImages.of(plain).field().pixelScale()), "no arcsec calibration and no header: NaN (the model's is assumed later)");
    }

    @Test
    void sixteenBitGivesCalibratedCounts() {
        short[] raw = new short[W * H];
        for (int i = 0; i < raw.length; i++) raw[i] = (short) (i % 60000);
        ImagePlus imp = new ImagePlus("int16", new ShortProcessor(W, H, raw, null));
        imp.getCalibration().setFunction(Calibration.STRAIGHT_LINE, new double[] {-32768, 2}, "Gray Value");
        float[] px = FieldImages.of(imp).field().pixels();
        for (int i : new int[] {0, 1, 12345, W * H - 1}) assertEquals(-32768 + 2 * (i % 60000), px[i], 0, "pixel " + i);
    }

    @Test
    void badOrCroppedWcsIsNotUsed() throws Exception {
        Header h = cards();
        h.deleteKey("CTYPE1");
        h.deleteKey("CTYPE2");
        h.addValue("CTYPE1", "RA---SIN", null);
        h.addValue("CTYPE2", "DEC--SIN", null);
        FieldImage f = FieldImages.of(asFromFitsReader(h)).field();
        assertNull(f.wcs());
        assertTrue(f.wcsNote().startsWith("WCS not used (CTYPE1 = 'RA---SIN'"), f.wcsNote());
        assertTrue(f.wcsNote().endsWith("): positions in pixels only"), f.wcsNote());
        assertEquals(0.65, f.psfFwhm(), "the rest of the header still counts");

        // a part cut out after opening keeps the header, whose WCS no longer fits its pixels
        ImagePlus cropped = new ImagePlus("field.fits", new FloatProcessor(100, 80));
        cropped.setProperty("Info", asFromFitsReader(cards()).getInfoProperty());
        FieldImage c = FieldImages.of(cropped).field();
        assertNull(c.wcs());
        assertTrue(c.wcsNote().contains("the header describes a 200 x 150 image but field.fits is 100 x 80"), c.wcsNote());
    }

    @Test
    void refusesEightBitRgbAndStacksNamingTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FieldImages.of(new ImagePlus("b.tif", new ByteProcessor(W, H))));
        assertTrue(e.getMessage().startsWith("b.tif is 8-bit: its pixels are display levels"), e.getMessage());
        assertTrue(e.getMessage().contains("Image>Type>32-bit"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> FieldImages.of(new ImagePlus("c.jpg", new ColorProcessor(W, H))));
        assertTrue(e.getMessage().startsWith("c.jpg is an RGB image"), e.getMessage());
        assertTrue(e.getMessage().contains("Image>Color>Split Channels"), e.getMessage());

        ImageStack stack = new ImageStack(W, H);
        stack.addSlice(new FloatProcessor(W, H));
        stack.addSlice(new FloatProcessor(W, H));
        e = assertThrows(IllegalArgumentException.class, () -> FieldImages.of(new ImagePlus("cube", stack)));
        assertTrue(e.getMessage().startsWith("cube is a stack of 2 images"), e.getMessage());
        assertTrue(e.getMessage().contains("Image>Duplicate"), e.getMessage());
    }

    @Test
    void headerLinesThatAreNotCardsAreSkipped() {
        Header h = FieldImages.header("Galaxy Params noisy images\nSIGMA   =                 12.5 / noise\n\u0001\u0002 not a card at all\n"
                + "x".repeat(200) + "\nEND");
        assertEquals(12.5, h.getDoubleValue("SIGMA", Double.NaN));
        assertFalse(FieldImages.isFitsHeader(h));
    }

    // ---- the half-light ellipse ----

    @Test
    void ellipseGeometry() {
        HalfLightEllipse round = HalfLightEllipse.of(3, 0, 0);
        assertEquals(3, round.a(), 1e-12);
        assertEquals(3, round.b(), 1e-12);
        SplittableRandom r = new SplittableRandom(3);
        for (int k = 0; k < 200; k++) {
            double radius = r.nextDouble(0.2, 20), g = r.nextDouble(0, 0.95), t = r.nextDouble(-Math.PI, Math.PI);
            HalfLightEllipse e = HalfLightEllipse.of(radius, g * Math.cos(t), g * Math.sin(t));
            assertEquals((1 - g) / (1 + g), e.axisRatio(), 1e-12);
            assertEquals(Math.PI * radius * radius, e.area(), 1e-9 * radius * radius);
            assertTrue(e.a() >= e.b());
            assertEquals(0, Math.sin(e.angle() - t / 2), 1e-12, "position angle atan2(g2, g1) / 2 (mod pi)");
        }
        assertThrows(IllegalArgumentException.class, () -> HalfLightEllipse.of(1, 0.8, 0.8));
        assertFalse(HalfLightEllipse.drawable(Double.NaN, 0, 0));
    }

    /** Direction (dx, dy) in ImageJ's coordinates of the polygon vertex farthest from the centre. */
    static double[] majorAxis(Roi roi, double cx, double cy) {
        ij.process.FloatPolygon p = roi.getFloatPolygon();
        double best = -1, dx = 0, dy = 0;
        for (int i = 0; i < p.npoints; i++) {
            float[] xs = p.xpoints, ys = p.ypoints;
            double d = Math.hypot(xs[i] - cx, ys[i] - cy);
            if (d > best) {
                best = d;
                dx = xs[i] - cx;
                dy = ys[i] - cy;
            }
        }
        return new double[] {dx / best, dy / best, best};
    }

    @Test
    void ellipseOrientationOnScreen() {
        double cx = 50, cy = 40, s = Math.sqrt(0.5);
        // g1 > 0: major axis along x, either way up
        for (boolean flipped : new boolean[] {false, true}) {
            Roi e = HalfLightEllipse.of(4, 0.3, 0).roi(cx, cy, flipped);
            Rectangle2D b = e.getFloatBounds();
            assertTrue(b.getWidth() > 1.5 * b.getHeight(), b.toString());
            double[] d = majorAxis(e, cx, cy);
            assertEquals(1, Math.abs(d[0]), 1e-3);
            assertEquals(4 * Math.sqrt(1.3 / 0.7), d[2], 0.05, "semi-major axis r / sqrt(q)");
        }
        // g1 < 0: along y
        double[] y = majorAxis(HalfLightEllipse.of(4, -0.3, 0).roi(cx, cy, false), cx, cy);
        assertEquals(1, Math.abs(y[1]), 1e-3);
        // g2 > 0: along x = y of the field. Rows as stored (not flipped): ImageJ's (1, 1) direction, down-right on screen.
        double[] d = majorAxis(HalfLightEllipse.of(4, 0, 0.3).roi(cx, cy, false), cx, cy);
        assertEquals(s, Math.abs(d[0]), 1e-3);
        assertEquals(Math.signum(d[0]), Math.signum(d[1]), "x = y in ImageJ's coordinates");
        // flipped as ImageJ shows FITS (first row at the bottom): x = y of the sky as shown is x = -y in ImageJ's coordinates
        d = majorAxis(HalfLightEllipse.of(4, 0, 0.3).roi(cx, cy, true), cx, cy);
        assertEquals(s, Math.abs(d[0]), 1e-3);
        assertEquals(-Math.signum(d[0]), Math.signum(d[1]), "x = -y in ImageJ's coordinates: up-right on screen");
        assertEquals(-Math.PI / 4, HalfLightEllipse.of(4, 0, 0.3).screenAngle(true), 1e-12);
    }

    /** A floating-point FITS field converted to 16-bit: its counts were rescaled, so the header's SIGMA is wrong for them. */
    @Test
    void aFloatFieldConvertedTo16BitIsRefused() throws Exception {
        ImagePlus imp = asFromFitsReader(cards());
        new ij.process.ImageConverter(imp).convertToGray16();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FieldImages.of(imp));
        assertTrue(e.getMessage().contains("converted to 16-bit") && e.getMessage().contains("reopen the file"), e.getMessage());
    }
}

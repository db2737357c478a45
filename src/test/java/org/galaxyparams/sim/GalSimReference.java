package org.galaxyparams.sim;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.ImageHDU;

/** The stamps drawn by GalSim 2.8.4 (src/test/resources/galsim, copied from shared/reference/galsim). */
final class GalSimReference {
    final List<double[]> rows = new ArrayList<>(); // flux, n, hlr, g1, g2, psf_fwhm, sigma, seed
    final double[][][] images; // [row][y][x]
    final double[][][] psfs;

    GalSimReference() throws IOException, FitsException {
        Path dir = Path.of("src/test/resources/galsim");
        List<String> lines = Files.readAllLines(dir.resolve("catalog.csv"));
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            String[] f = line.split(",");
            double[] v = new double[f.length];
            for (int i = 0; i < f.length; i++) v[i] = Double.parseDouble(f[i]);
            rows.add(v);
        }
        try (Fits fits = new Fits(new File(dir.resolve("galsim_reference.fits").toString()))) {
            images = cube(fits.getHDU(0));
            double[][][] p = null;
            for (int i = 1; ; i++) {
                BasicHDU<?> h = fits.getHDU(i);
                if (h == null) break;
                if ("PSF".equals(h.getHeader().getStringValue("EXTNAME"))) p = cube(h);
            }
            psfs = p;
        }
    }

    private static double[][][] cube(BasicHDU<?> hdu) throws FitsException {
        Object k = ((ImageHDU) hdu).getKernel();
        if (k instanceof double[][][] d) return d;
        if (k instanceof double[][] d2) return new double[][][] {d2};
        throw new IllegalStateException("unexpected data " + k.getClass());
    }

    GalaxyParams params(int i) {
        double[] v = rows.get(i);
        return new GalaxyParams(v[0], v[1], v[2], v[3], v[4]);
    }

    double psfFwhm(int i) { return rows.get(i)[5]; }
}

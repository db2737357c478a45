package org.galaxyparams.estimate;

import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import org.galaxyparams.io.DatasetReader;

/**
 * Reads the stamps of one input file without ImageJ: a FITS dataset (SPEC section 3: one stamp per plane,
 * PSF_FWHM and SIGMA from its LABELS table), a single FITS stamp, or a single-plane TIFF.
 * Observing conditions missing from the file come from the defaults given.
 */
public final class StampSource {
    private StampSource() {}

    /** The stamp files of a folder (FITS and TIFF, sorted by name), or the file itself. */
    public static List<Path> files(Path dirOrFile) throws IOException {
        if (!Files.exists(dirOrFile)) throw new IOException("Input " + dirOrFile + " does not exist.");
        if (!Files.isDirectory(dirOrFile)) return List.of(dirOrFile);
        try (Stream<Path> s = Files.list(dirOrFile)) {
            return s.filter(Files::isRegularFile).filter(StampSource::isStampFile).sorted().toList();
        }
    }

    static boolean isStampFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".fits") || n.endsWith(".fit") || n.endsWith(".fts") || n.endsWith(".tif") || n.endsWith(".tiff");
    }

    static boolean isTiff(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".tif") || n.endsWith(".tiff");
    }

    /** What one file holds: its stamps and the pixel scale it declares (NaN when it declares none). */
    public record FileStamps(List<StampInput> stamps, double pixelScale) {}

    /**
     * One open input file, read a stamp at a time (a FITS dataset's planes come straight from the file), so that
     * memory does not grow with the file.
     */
    public interface StampFile extends AutoCloseable {
        int count();

        /** Stamp {@code i}, with the file's PSF FWHM and sigma (NaN when it gives none). */
        StampInput stamp(int i) throws IOException;

        /** The pixel scale the file declares, arcsec/pixel. */
        double pixelScale();

        /** What the rows should say about the pixel scale ("" when the file states it). */
        default String scaleNote() { return ""; }

        /** What the rows should say when the file's PSF (PSFTYPE, PSFBETA) is not the Moffat the model was trained on. */
        default String psfNote(double modelBeta) { return ""; }

        @Override
        void close() throws IOException;
    }

    /** Opens {@code file}; a FITS file without a pixel scale is taken at {@code assumedPixelScale}. */
    public static StampFile open(Path file, double assumedPixelScale) throws IOException {
        String name = file.getFileName().toString();
        if (isTiff(file)) {
            FileStamps one = read(file, assumedPixelScale);
            return new StampFile() {
                @Override public int count() { return 1; }
                @Override public StampInput stamp(int i) { return one.stamps().get(i); }
                @Override public double pixelScale() { return one.pixelScale(); }
                @Override public void close() {}
            };
        }
        DatasetReader reader = DatasetReader.open(file, assumedPixelScale);
        if (!reader.hasNoisy()) {
            reader.close();
            throw new IOException(name + " holds no images.");
        }
        return new StampFile() {
            @Override public int count() { return reader.count(); }

            @Override
            public StampInput stamp(int i) {
                String id = reader.count() == 1 ? name : name + "#" + i;
                return new StampInput(id, reader.noisy(i), reader.size(), reader.psfFwhm(i), reader.sigma(i));
            }

            @Override public double pixelScale() { return reader.info().geometry().pixelScale(); }

            @Override
            public String scaleNote() {
                return reader.pixelScaleAssumed() ? String.format(java.util.Locale.ROOT,
                        "pixel scale assumed %.4g arcsec/pixel (the file states none)", reader.info().geometry().pixelScale()) : "";
            }

            @Override
            public String psfNote(double modelBeta) {
                String type = reader.info().psfType();
                double beta = reader.info().psfBeta();
                if ("GAUSSIAN".equals(type))
                    return String.format(java.util.Locale.ROOT, "the file's PSF is Gaussian, the model was trained on Moffat beta %.3g:"
                            + " expect biased sizes and fluxes", modelBeta);
                if (beta > 0 && Math.abs(beta - modelBeta) > 0.01)
                    return String.format(java.util.Locale.ROOT, "the file's PSF is Moffat beta %.3g, the model was trained on beta %.3g:"
                            + " expect biased sizes and fluxes", beta, modelBeta);
                return "";
            }

            @Override public void close() throws IOException { reader.close(); }
        };
    }

    /**
     * Reads every stamp of {@code file}; PSF FWHM and sigma are the file's (NaN when it gives none: see
     * {@link ObservingConditions}). A FITS file without PIXSCALE is taken at {@code assumedPixelScale}.
     */
    public static FileStamps read(Path file, double assumedPixelScale) throws IOException {
        String name = file.getFileName().toString();
        if (isTiff(file)) {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) throw new IOException(name + " is not a TIFF image Java can read.");
            Raster r = img.getRaster();
            if (r.getWidth() != r.getHeight()) throw new IOException(name + " is " + r.getWidth() + " x " + r.getHeight() + ", not a square stamp.");
            float[] px = r.getSamples(0, 0, r.getWidth(), r.getHeight(), 0, (float[]) null);
            return new FileStamps(List.of(new StampInput(name, px, r.getWidth(), Double.NaN, Double.NaN)), Double.NaN);
        }
        try (DatasetReader reader = DatasetReader.open(file, assumedPixelScale)) {
            if (!reader.hasNoisy()) throw new IOException(name + " holds no images.");
            List<StampInput> out = new ArrayList<>(reader.count());
            for (int i = 0; i < reader.count(); i++) {
                double f = reader.psfFwhm(i);
                double s = reader.sigma(i);
                String id = reader.count() == 1 ? name : name + "#" + i;
                out.add(new StampInput(id, reader.noisy(i), reader.size(), f, s));
            }
            return new FileStamps(out, reader.info().geometry().pixelScale());
        }
    }
}

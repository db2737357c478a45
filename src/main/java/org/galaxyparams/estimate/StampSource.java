package org.galaxyparams.estimate;

import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
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
        List<Path> all;
        try (Stream<Path> s = Files.list(dirOrFile)) {
            all = s.filter(Files::isRegularFile).sorted().toList();
        }
        List<Path> stamps = all.stream().filter(StampSource::isStampFile).toList();
        if (stamps.isEmpty()) throw new IOException(noStamps(dirOrFile, all));
        return stamps;
    }

    /** Why a folder gives nothing to measure, and what to do: an empty run would look like a finished one. */
    static String noStamps(Path dir, List<Path> all) {
        List<String> packed = all.stream().map(p -> p.getFileName().toString())
                .filter(n -> n.toLowerCase(Locale.ROOT).matches(".*\\.(gz|fz|bz2|zip|xz)$")).toList();
        return "Input folder " + dir + " holds no stamps: give FITS (.fits, .fit, .fts) or TIFF (.tif, .tiff) files"
                + (packed.isEmpty() ? " (it holds " + all.size() + " other files)"
                        : "; its " + packed.size() + " compressed files (" + packed.get(0) + (packed.size() > 1 ? ", ..." : "")
                        + ") must be decompressed first (gunzip; funpack for .fz)") + ".";
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

                @Override
                public String scaleNote() {
                    return String.format(Locale.ROOT, "pixel scale assumed %.4g arcsec/pixel (a TIFF states none)", assumedPixelScale);
                }

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
     * The one image of a single-stamp TIFF, refused when it would be read wrongly: a stack (only its first page would
     * be read), colour channels, or 8-bit display levels (not counts).
     */
    static Raster tiffRaster(Path file) throws IOException {
        String name = file.getFileName().toString();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new IOException(name + " is not a TIFF image Java can read.");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                int pages = reader.getNumImages(true);
                if (pages != 1)
                    throw new IOException(name + " holds " + pages + " images: give one stamp per TIFF file, or the stack as a FITS"
                            + " dataset (a folder of single stamps also works)");
                Raster r = reader.read(0).getRaster();
                String type = r.getNumBands() > 1 ? "has " + r.getNumBands() + " colour channels"
                        : r.getDataBuffer().getDataType() == DataBuffer.TYPE_BYTE ? "is 8-bit" : null;
                if (type != null)
                    throw new IOException(name + " " + type + ": its pixels are " + (r.getNumBands() > 1 ? "colours" : "display levels (0-255)")
                            + ", not counts; save the stamp's counts as a 32-bit (or 16-bit) single-channel TIFF, or as FITS");
                return r;
            } finally {
                reader.dispose();
            }
        } catch (javax.imageio.IIOException e) {
            throw new IOException(name + " is not a TIFF image Java can read (" + e.getMessage() + ").");
        }
    }

    /**
     * Reads every stamp of {@code file}; PSF FWHM and sigma are the file's (NaN when it gives none: see
     * {@link ObservingConditions}). A FITS file without PIXSCALE is taken at {@code assumedPixelScale}.
     */
    public static FileStamps read(Path file, double assumedPixelScale) throws IOException {
        String name = file.getFileName().toString();
        if (isTiff(file)) {
            Raster r = tiffRaster(file);
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

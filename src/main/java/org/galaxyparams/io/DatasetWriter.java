package org.galaxyparams.io;

import static org.galaxyparams.io.DatasetKeys.*;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import nom.tam.fits.Header;
import nom.tam.fits.header.Bitpix;
import nom.tam.fits.header.Standard;

import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.Sample;

/**
 * Streams samples into a dataset file (SPEC section 3) without holding the images in memory.
 * <p>
 * The noisy cube goes straight to the temporary file of an {@link OutputFile} for the output; the noiseless cube, per-sample PSFs and
 * label rows go to their own temporary files there. {@link #commit()} appends them as the NOISELESS, PSF and
 * LABELS extensions, sets NAXIS3 and NSAMPLE, and atomically renames the result to the output path (replacing
 * any file there). {@link #close()} without a commit, {@link #abort()}, a failed {@link #append}, or a failed commit
 * delete the temporary files and leave the output path untouched: in try-with-resources, an exception before
 * {@code commit()} discards what was appended, so a half-written run never replaces a file.
 * <p>
 * The first sample fixes what every sample must carry: a noisy image or not (without, the primary HDU is empty,
 * NAXIS = 0), a PSF image or not (without, there is no PSF extension), true parameters or not (without, LABELS
 * holds only PSF_FWHM and SIGMA). Methods are synchronized, so abort() may come from another thread.
 */
public final class DatasetWriter implements AutoCloseable {
    private static final int STREAM_BUFFER = 1 << 20;

    private final Path out;
    private final DatasetInfo info;
    private final boolean withNoiseless;
    private final boolean psfPerSample;
    private final int size;
    private final ByteBuffer imageBytes;
    private final List<Path> temps = new ArrayList<>();
    private final OutputFile output;
    private final Path mainTemp;
    private Path noiselessTemp;
    private Path psfTemp;
    private Path labelsTemp;
    private OutputStream main;
    private OutputStream noiseless;
    private OutputStream psfs;
    private OutputStream labels;
    private ByteBuffer labelRow;

    private int count;
    private boolean hasNoisy;
    private boolean hasPsf;
    private boolean hasTruth;
    private float[] sharedPsf;
    private int primaryHeaderBytes;
    private String failure; // why the writer stopped early, or null
    private boolean done;

    private DatasetWriter(Path out, DatasetInfo info, boolean withNoiseless, boolean psfPerSample) throws IOException {
        this.out = out.toAbsolutePath();
        this.info = info;
        this.withNoiseless = withNoiseless;
        this.psfPerSample = psfPerSample;
        this.size = info.geometry().size();
        this.imageBytes = FitsBlocks.floatBuffer(size * size);
        Path dir = this.out.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IOException("cannot write " + out + ": folder " + dir + " does not exist");
        }
        // the assembled file is an OutputFile's temporary file (stale clean-up, checks, failure messages, the move);
        // the extensions' parts are scratch files beside it
        output = OutputFile.open(this.out);
        mainTemp = output.temporaryPath();
    }

    /**
     * Starts a dataset at {@code out}; nothing appears there until {@link #close()} succeeds.
     *
     * @param withNoiseless store each sample's noiseless image (NOISELESS extension)
     * @param psfPerSample store one PSF per sample; false stores one PSF shared by all samples, and append()
     *     rejects a sample whose PSF differs from the first
     */
    public static DatasetWriter create(Path out, DatasetInfo info, boolean withNoiseless, boolean psfPerSample)
            throws IOException {
        if (info == null) throw new IllegalArgumentException("dataset info must not be null");
        return new DatasetWriter(out, info, withNoiseless, psfPerSample);
    }

    /** Writes {@code samples} to {@code out} in one go; NOISELESS is kept if the first sample has it. */
    public static void write(Path out, DatasetInfo info, List<Sample> samples) throws IOException {
        if (samples.isEmpty()) throw new IllegalArgumentException("no samples to write to " + out);
        boolean noiseless = samples.get(0).noiseless() != null;
        boolean perSample = samples.stream().anyMatch(s -> s.psf() != samples.get(0).psf()
                && !Arrays.equals(s.psf(), samples.get(0).psf()));
        DatasetWriter w = create(out, info, noiseless, perSample);
        try {
            for (Sample s : samples) w.append(s);
        } catch (IOException | RuntimeException e) {
            w.abort();
            throw e;
        }
        w.commit();
    }

    /** Number of samples appended so far. */
    public synchronized int count() { return count; }

    /**
     * Appends one sample. A sample that does not match the first (see class doc) is an IllegalArgumentException;
     * any failure aborts the writer.
     */
    public synchronized void append(Sample s) throws IOException {
        if (done) throw new IllegalStateException("dataset writer for " + out + " is already closed or aborted");
        try {
            check(s);
            if (count == 0) start(s);
            if (hasNoisy) main.write(FitsBlocks.put(imageBytes, s.noisy()).array());
            if (withNoiseless) noiseless.write(FitsBlocks.put(imageBytes, s.noiseless()).array());
            if (hasPsf && psfPerSample) psfs.write(FitsBlocks.put(imageBytes, s.psf()).array());
            labels.write(labelRow(s));
            count++;
        } catch (IOException | RuntimeException e) {
            failure = "appending sample " + count + " failed: " + e.getMessage();
            discard();
            throw e;
        }
    }

    /**
     * Discards everything unless {@link #commit()} ran: the output path is left as it was. Never throws, so that it
     * does not hide the exception that skipped the commit.
     */
    @Override
    public synchronized void close() {
        abort();
    }

    /** Assembles the file and moves it to the output path. Fails after {@link #abort()} or a failed append. */
    public synchronized void commit() throws IOException {
        if (done) {
            throw new IOException(out + " was not written: " + (failure != null ? failure : "the writer was closed or aborted"));
        }
        try {
            if (count == 0) throw new IOException("no samples were appended, so " + out + " was not written");
            assemble();
            done = true;
            deleteTemps();
        } catch (IOException | RuntimeException e) {
            discard();
            throw e;
        }
    }

    /** Stops and deletes everything written so far; the output path is left as it was. Never throws. */
    public synchronized void abort() {
        if (!done) discard();
    }

    private void check(Sample s) {
        if (s == null) throw new IllegalArgumentException("sample must not be null");
        String which = "sample " + count;
        int pixels = size * size;
        if (count == 0) {
            if (s.noisy() == null && !withNoiseless) {
                throw new IllegalArgumentException(which + " has no noisy image and the writer keeps no noiseless "
                        + "images: there is nothing to write");
            }
        } else {
            if ((s.noisy() != null) != hasNoisy) throw mismatch(which, "noisy image", hasNoisy);
            if ((s.psf() != null) != hasPsf) throw mismatch(which, "PSF image", hasPsf);
            if ((s.params() != null) != hasTruth) throw mismatch(which, "true parameters", hasTruth);
            if (hasPsf && !psfPerSample && s.psf() != sharedPsf && !Arrays.equals(s.psf(), sharedPsf)) {
                throw new IllegalArgumentException(which + " has a different PSF from sample 0: create the writer "
                        + "with psfPerSample = true to store one PSF per sample");
            }
        }
        checkLength(which, "noisy", s.noisy(), pixels);
        if (withNoiseless) {
            if (s.noiseless() == null) {
                throw new IllegalArgumentException(which + " has no noiseless image: create the writer with "
                        + "withNoiseless = false, or keep noiseless images");
            }
            checkLength(which, "noiseless", s.noiseless(), pixels);
        }
        checkLength(which, "PSF", s.psf(), pixels);
    }

    private void checkLength(String which, String what, float[] image, int pixels) {
        if (image != null && image.length != pixels) {
            throw new IllegalArgumentException(which + ": " + what + " image has " + image.length + " pixels; the "
                    + size + "x" + size + " stamps of this dataset need " + pixels);
        }
    }

    private static IllegalArgumentException mismatch(String which, String what, boolean first) {
        return new IllegalArgumentException(which + (first ? " has no " : " has a ") + what + " but sample 0 "
                + (first ? "had one" : "had none") + ": all samples of a dataset must carry the same kinds of data");
    }

    /** Fixes the layout from the first sample and opens the streams. */
    private void start(Sample first) throws IOException {
        hasNoisy = first.noisy() != null;
        hasPsf = first.psf() != null;
        hasTruth = first.params() != null;
        if (hasPsf && !psfPerSample) sharedPsf = first.psf().clone();
        main = stream(mainTemp);
        byte[] header = FitsBlocks.toBytes(primaryHeader(0));
        primaryHeaderBytes = header.length;
        main.write(header);
        if (withNoiseless) noiseless = stream(noiselessTemp = temp("noiseless"));
        if (hasPsf && psfPerSample) psfs = stream(psfTemp = temp("psf"));
        labels = stream(labelsTemp = temp("labels"));
        labelRow = ByteBuffer.allocate(columns().size() * 8).order(ByteOrder.BIG_ENDIAN);
    }

    private List<String> columns() { return hasTruth ? TRUTH_COLUMNS : OBSERVATION_COLUMNS; }

    private byte[] labelRow(Sample s) {
        labelRow.clear();
        if (hasTruth) {
            GalaxyParams p = s.params();
            labelRow.putDouble(p.flux()).putDouble(p.sersicN()).putDouble(p.hlrArcsec()).putDouble(p.g1()).putDouble(p.g2());
            labelRow.putDouble(s.psfFwhm()).putDouble(s.sigma()).putDouble(s.snr()).putLong(s.seed());
        } else {
            labelRow.putDouble(s.psfFwhm()).putDouble(s.sigma());
        }
        return labelRow.array();
    }

    private Header primaryHeader(int n) {
        Header h = hasNoisy ? FitsBlocks.imageHeader(null, size, size, n) : FitsBlocks.imageHeader(null);
        DatasetHeader.write(h, info, n);
        return h;
    }

    private Header labelsHeader(int n) {
        List<String> cols = columns();
        Header h = new Header();
        h.setXtension("BINTABLE");
        h.setBitpix(Bitpix.BYTE);
        h.setNaxes(2);
        h.setNaxis(1, cols.size() * 8);
        h.setNaxis(2, n);
        h.addValue(Standard.PCOUNT, 0);
        h.addValue(Standard.GCOUNT, 1);
        h.addValue(Standard.TFIELDS, cols.size());
        for (int i = 0; i < cols.size(); i++) {
            String c = cols.get(i);
            h.addValue(Standard.TTYPEn.n(i + 1), c);
            h.addValue(Standard.TFORMn.n(i + 1), c.equals(COL_SEED) ? "1K" : "1D");
            if (DatasetKeys.unit(c) != null) h.addValue(Standard.TUNITn.n(i + 1), DatasetKeys.unit(c));
        }
        h.addValue(Standard.EXTNAME, EXT_LABELS);
        return h;
    }

    /** Finishes the primary HDU in place, appends the extensions, and renames the file to the output. */
    private void assemble() throws IOException {
        long imageBytesTotal = (long) count * size * size * 4;
        long primaryData = hasNoisy ? imageBytesTotal : 0;
        main.write(FitsBlocks.padding(primaryData));
        closeStreams();
        try (FileChannel ch = FileChannel.open(mainTemp, StandardOpenOption.WRITE)) {
            byte[] header = FitsBlocks.toBytes(primaryHeader(count));
            if (header.length != primaryHeaderBytes) {
                throw new IOException("internal error: the final primary header (" + header.length + " bytes) does "
                        + "not fit the space reserved for it (" + primaryHeaderBytes + " bytes)");
            }
            writeFully(ch, ByteBuffer.wrap(header), 0);
            ch.position(primaryHeaderBytes + FitsBlocks.padded(primaryData));
            if (ch.position() != ch.size()) throw new IOException("internal error: primary data has the wrong size");
            if (withNoiseless) {
                appendHdu(ch, FitsBlocks.imageHeader(EXT_NOISELESS, size, size, count), noiselessTemp, imageBytesTotal);
            }
            if (hasPsf && psfPerSample) {
                appendHdu(ch, FitsBlocks.imageHeader(EXT_PSF, size, size, count), psfTemp, imageBytesTotal);
            } else if (hasPsf) { // one 2-D image
                append(ch, ByteBuffer.wrap(FitsBlocks.toBytes(FitsBlocks.imageHeader(EXT_PSF, size, size))));
                append(ch, FitsBlocks.put(imageBytes, sharedPsf));
                append(ch, ByteBuffer.wrap(FitsBlocks.padding(size * size * 4L)));
            }
            appendHdu(ch, labelsHeader(count), labelsTemp, (long) count * labelRow.capacity());
            ch.force(true);
        }
        output.commitWritten();
    }

    private static void appendHdu(FileChannel ch, Header header, Path data, long dataBytes) throws IOException {
        append(ch, ByteBuffer.wrap(FitsBlocks.toBytes(header)));
        try (FileChannel in = FileChannel.open(data, StandardOpenOption.READ)) {
            if (in.size() != dataBytes) {
                throw new IOException("internal error: " + data + " holds " + in.size() + " bytes, expected " + dataBytes);
            }
            long done = 0;
            while (done < dataBytes) done += in.transferTo(done, dataBytes - done, ch);
        }
        ch.position(ch.size());
        append(ch, ByteBuffer.wrap(FitsBlocks.padding(dataBytes)));
    }

    private static void append(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        while (b.hasRemaining()) position += ch.write(b, position);
    }

    private Path temp(String what) throws IOException {
        Path dir = out.getParent() == null ? Path.of(".") : out.getParent();
        Path p = TempFiles.create(dir, "." + out.getFileName() + ".", "." + what + ".tmp");
        temps.add(p);
        return p;
    }

    private static OutputStream stream(Path p) throws IOException {
        return new BufferedOutputStream(Files.newOutputStream(p, StandardOpenOption.WRITE), STREAM_BUFFER);
    }

    private void discard() {
        done = true;
        try {
            closeStreams();
        } catch (IOException ignored) {
            // the files are deleted next
        }
        deleteTemps();
    }

    private void closeStreams() throws IOException {
        IOException first = null;
        for (OutputStream s : new OutputStream[] {main, noiseless, psfs, labels}) {
            if (s == null) continue;
            try {
                s.close();
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        main = noiseless = psfs = labels = null;
        if (first != null) throw first;
    }

    private void deleteTemps() {
        output.close(); // nothing once committed
        for (Path p : temps) {
            try {
                Files.deleteIfExists(p);
                TempFiles.release(p);
            } catch (IOException ignored) {
                // left for the shutdown hook, or for the next writer to this output
            }
        }
    }
}

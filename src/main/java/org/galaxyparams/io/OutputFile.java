package org.galaxyparams.io;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one way this bundle writes a whole file (CSV, FITS, report, script, model, checkpoint). Bytes go to a hidden
 * temporary file in the target's folder ({@code .<name>.<random>.tmp}); {@link #commit()} flushes, syncs and moves it
 * into place, atomically where the file system allows. Every write and the flush are checked: a failure throws an
 * {@link IOException} that names the target and says the previous file is left as it was. {@link #close()} without
 * a commit (an error, a cancel) deletes the temporary file; on Ctrl-C or SIGTERM {@link TempFiles}' shutdown hook
 * does; one left by a kill -9 is removed by the next writer of the same target once it is {@link TempFiles#STALE}.
 *
 * <p>{@link #check} refuses what should never be written over: a folder, or one of the run's inputs.
 */
public final class OutputFile implements Closeable {
    private final Path target;
    private final Path temp;
    private final java.nio.channels.FileChannel channel;
    private final OutputStream out;
    private final int staleRemoved;
    private BufferedWriter writer;
    private boolean committed;

    private OutputFile(Path target) throws IOException {
        this.target = target.toAbsolutePath();
        Path dir = this.target.getParent();
        try {
            if (dir != null) Files.createDirectories(dir);
            staleRemoved = TempFiles.removeStale(dir == null ? Path.of(".") : dir, "." + this.target.getFileName() + ".");
            temp = TempFiles.create(dir == null ? Path.of(".") : dir, "." + this.target.getFileName() + ".", ".tmp");
        } catch (IOException e) {
            throw failure(e);
        }
        channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE);
        OutputStream file = java.nio.channels.Channels.newOutputStream(channel);
        long room = fullDiskAfter;
        if (room >= 0) file = new FullDisk(file, room);
        out = new Checked(new BufferedOutputStream(file, 1 << 16), this::failure);
    }

    /**
     * A new output for {@code target}, after {@link #check}ing it against {@code inputs}. Nothing at {@code target}
     * changes until {@link #commit()}.
     */
    public static OutputFile open(Path target, Path... inputs) throws IOException {
        check(target, inputs);
        return new OutputFile(target);
    }

    /**
     * Refuses a target that is a folder or one of {@code inputs} (the same file by any path), with the fix in the
     * message. Call it before any work, so a run that cannot write fails at once.
     */
    public static void check(Path target, Path... inputs) {
        if (target == null) throw new IllegalArgumentException("no output file given");
        if (Files.isDirectory(target))
            throw new IllegalArgumentException("output " + target + " is a folder: give a file name inside it, e.g. "
                    + target.resolve("results.csv"));
        for (Path in : inputs) {
            if (in == null || !Files.exists(target) && !Files.exists(in)) continue;
            if (sameFile(target, in))
                throw new IllegalArgumentException("output " + target + " is also an input of this run: give another output file name"
                        + " (the input is left as it was)");
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) return Files.isSameFile(a, b);
        } catch (IOException e) {
            // unreadable: compare the paths
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    /** Where the bytes go until the commit (for writers that need random access, such as FITS assembly). */
    public Path temporaryPath() { return temp; }

    /** The final path. */
    public Path target() { return target; }

    /** How many stale temporary files of a killed run for this target were removed on opening. */
    public int staleRemoved() { return staleRemoved; }

    /** The checked byte stream into the temporary file. */
    public OutputStream stream() { return out; }

    /** A UTF-8 writer over {@link #stream()}; every failure it meets is an exception naming the target. */
    public BufferedWriter writer() {
        if (writer == null) writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        return writer;
    }

    /** Flushes and syncs everything written, closes, and moves the file into place. */
    public void commit() throws IOException {
        if (committed) return;
        if (writer != null) writer.flush();
        out.flush();
        sync();
        out.close();
        moveIntoPlace();
    }

    /** Commits a temporary file written by other means (through {@link #temporaryPath()}). */
    public void commitWritten() throws IOException {
        if (committed) return;
        out.close();
        try (var ch = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        } catch (IOException e) {
            throw failure(e);
        }
        moveIntoPlace();
    }

    /** Asks the file system to put the bytes on disk: some report a full disk only here. */
    private void sync() throws IOException {
        try {
            channel.force(true);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private void moveIntoPlace() throws IOException {
        try {
            FitsBlocks.moveIntoPlace(temp, target);
        } catch (IOException e) {
            throw failure(e);
        }
        committed = true;
        TempFiles.release(temp);
    }

    /** Without a commit: deletes the temporary file and leaves {@code target} as it was. Never throws. */
    @Override
    public void close() {
        if (committed) return;
        try {
            out.close();
        } catch (IOException ignored) {
            // the write already failed and said so; the file goes anyway
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // left for the shutdown hook or the next run's stale clean-up
        }
        TempFiles.release(temp);
    }

    /** Writes {@code text} (UTF-8) to {@code target} through a temporary file. */
    public static void writeString(Path target, String text, Path... inputs) throws IOException {
        try (OutputFile f = open(target, inputs)) {
            f.writer().write(text);
            f.commit();
        }
    }

    /** Writes {@code bytes} to {@code target} through a temporary file. */
    public static void writeBytes(Path target, byte[] bytes, Path... inputs) throws IOException {
        try (OutputFile f = open(target, inputs)) {
            f.stream().write(bytes);
            f.commit();
        }
    }

    /** Copies {@code source} to {@code target} through a temporary file. */
    public static void copy(Path source, Path target) throws IOException {
        try (OutputFile f = open(target, source)) {
            Files.copy(source, f.stream());
            f.commit();
        }
    }

    /** Tests only: outputs opened from now on fail like a full disk after this many bytes (-1: never). */
    static volatile long fullDiskAfter = -1;

    /** A stream that fails as a full disk does once {@code room} bytes went through. */
    private static final class FullDisk extends FilterOutputStream {
        private long room;

        FullDisk(OutputStream o, long room) {
            super(o);
            this.room = room;
        }

        @Override
        public void write(int b) throws IOException { write(new byte[] {(byte) b}, 0, 1); }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int n = (int) Math.min(len, room);
            out.write(b, off, n);
            room -= n;
            if (n < len) throw new IOException("No space left on device");
        }
    }

    private IOException failure(IOException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new IOException("could not write " + target + ": " + why + (why.contains("space") ? "" : " (disk full or not writable?)")
                + "; any previous " + target.getFileName() + " is left as it was", e);
    }

    /**
     * A writer that appends to {@code target} (created if absent): for the resumable result CSVs, which grow by
     * whole rows and are never rewritten. Failures are checked like an OutputFile's and name the file; the rows
     * before the failure stay, and the reader of a resumed CSV drops a cut-off last line.
     */
    public static BufferedWriter append(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        java.util.function.UnaryOperator<IOException> named = e -> new IOException("could not write " + abs + ": "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + " (disk full or not writable?); the rows"
                + " written before are kept, and a rerun of the same command goes on after them", e);
        OutputStream file;
        try {
            if (abs.getParent() != null) Files.createDirectories(abs.getParent());
            file = Files.newOutputStream(abs, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw named.apply(e);
        }
        long room = fullDiskAfter;
        if (room >= 0) file = new FullDisk(file, room);
        return new BufferedWriter(new OutputStreamWriter(new Checked(new BufferedOutputStream(file, 1 << 16), named),
                StandardCharsets.UTF_8), 1 << 16);
    }

    /** Flushes and closes to the file system, turning any failure into one that names the target. */
    private static final class Checked extends FilterOutputStream {
        private final java.util.function.UnaryOperator<IOException> failure;
        private boolean closed;

        Checked(OutputStream o, java.util.function.UnaryOperator<IOException> failure) {
            super(o);
            this.failure = failure;
        }

        private IOException failure(IOException e) { return failure.apply(e); }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw failure(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw failure(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw failure(e);
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) return;
            closed = true;
            try {
                out.flush();
            } catch (IOException e) {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // the flush failure is the one to report
                }
                throw failure(e);
            }
            try {
                out.close();
            } catch (IOException e) {
                throw failure(e);
            }
        }
    }
}

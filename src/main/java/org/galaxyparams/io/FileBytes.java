package org.galaxyparams.io;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/**
 * Positional reads from a file, safe from several threads. Uses RandomAccessFile rather than a FileChannel
 * because interrupting a thread that reads a FileChannel closes the channel for every other reader.
 */
final class FileBytes implements Closeable {
    private final RandomAccessFile file;

    FileBytes(Path path) throws IOException { file = new RandomAccessFile(path.toFile(), "r"); }

    synchronized long length() throws IOException { return file.length(); }

    /** Exactly {@code n} bytes from {@code position}. */
    byte[] read(long position, int n) throws IOException {
        byte[] b = new byte[n];
        synchronized (this) {
            file.seek(position);
            try {
                file.readFully(b);
            } catch (EOFException e) {
                throw new IOException("unexpected end of file reading " + n + " bytes at byte " + position, e);
            }
        }
        return b;
    }

    @Override
    public synchronized void close() throws IOException { file.close(); }
}

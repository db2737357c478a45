package org.galaxyparams.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Temporary files written next to an output before it is moved into place. Those still present when the JVM
 * exits (normally, Ctrl-C or SIGTERM) are deleted by a shutdown hook. A kill -9 leaves them behind: the next
 * writer to the same output deletes them. It knows a file is left over because the process that made it held an
 * OS lock on it, which the kernel drops when that process dies; where the file system has no locks, a file
 * untouched for {@link #STALE} counts as left over (no live writer is that slow).
 */
public final class TempFiles {
    /** A temporary file not modified for this long belongs to a run that was killed. */
    public static final Duration STALE = Duration.ofMinutes(10);
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
    /** Channels holding this process's lock on each of its temporary files. */
    private static final java.util.Map<Path, java.nio.channels.FileChannel> LOCKS = new ConcurrentHashMap<>();

    /**
     * Guards {@link #exiting}: a file is either created before the hook runs (so the hook deletes it) or refused
     * after it. Without this, a worker still running during SIGTERM could create a file the hook had already missed.
     */
    private static final Object EXIT_LOCK = new Object();
    private static boolean exiting;

    static {
        try {
            Runtime.getRuntime().addShutdownHook(hook());
        } catch (IllegalStateException shuttingDown) { // first used while the JVM stops: start nothing new
            exiting = true;
        }
    }

    private static Thread hook() {
        return new Thread(() -> {
            synchronized (EXIT_LOCK) {
                exiting = true;
                for (Path p : LIVE) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException ignored) {
                        // exiting: nothing more to do
                    }
                }
            }
        }, "galaxy-params-temp-cleanup");
    }

    private TempFiles() {}

    /** Whether no process holds the lock on {@code p}: its writer died (false when unknown). */
    static boolean ownerGone(Path p) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.channels.FileLock l = ch.tryLock();
            if (l == null) return false;
            l.release();
            return true;
        } catch (IOException | RuntimeException e) { // OverlappingFileLockException: this process holds it
            return false;
        }
    }

    /** A new empty temporary file {@code dir/prefix*suffix}, deleted at exit unless {@link #release}d first. */
    public static Path create(Path dir, String prefix, String suffix) throws IOException {
        Path p;
        synchronized (EXIT_LOCK) {
            if (exiting) throw new IOException("the program is stopping: no new file is started in " + dir);
            p = Files.createTempFile(dir, prefix, suffix);
            LIVE.add(p);
        }
        try {
            java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.WRITE);
            if (ch.tryLock() != null) LOCKS.put(p, ch);
            else ch.close();
        } catch (IOException | UnsupportedOperationException e) {
            // no locks here: the age rule alone tells a left-over file
        }
        return p;
    }

    /** The file was moved into place or deleted: it is no longer ours to clean up. */
    public static void release(Path p) {
        LIVE.remove(p);
        java.nio.channels.FileChannel ch = LOCKS.remove(p);
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // the lock goes with the channel either way
            }
        }
    }

    /**
     * Deletes the files {@code dir/prefix*.tmp} left by a killed run (no process holds their lock, or untouched for
     * {@link #STALE}); returns how many went.
     */
    public static int removeStale(Path dir, String prefix) {
        Instant before = Instant.now().minus(STALE);
        int removed = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String n = p.getFileName().toString();
                if (!n.startsWith(prefix) || !n.endsWith(".tmp") || LIVE.contains(p)) continue;
                FileTime t = Files.getLastModifiedTime(p);
                if ((ownerGone(p) || t.toInstant().isBefore(before)) && Files.deleteIfExists(p)) removed++;
            }
        } catch (IOException ignored) {
            // an unreadable folder: the writer itself will say what is wrong with it
        }
        return removed;
    }
}

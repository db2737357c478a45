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
 * writer to the same output deletes those left untouched for {@link #STALE}, which no live writer is.
 */
public final class TempFiles {
    /** A temporary file not modified for this long belongs to a run that was killed. */
    public static final Duration STALE = Duration.ofMinutes(10);
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : LIVE) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // exiting: nothing more to do
                }
            }
        }, "galaxy-params-temp-cleanup"));
    }

    private TempFiles() {}

    /** A new empty temporary file {@code dir/prefix*suffix}, deleted at exit unless {@link #release}d first. */
    public static Path create(Path dir, String prefix, String suffix) throws IOException {
        Path p = Files.createTempFile(dir, prefix, suffix);
        LIVE.add(p);
        return p;
    }

    /** Registers a temporary file made by other means for deletion at exit. */
    public static Path track(Path p) {
        LIVE.add(p);
        return p;
    }

    /** The file was moved into place or deleted: it is no longer ours to clean up. */
    public static void release(Path p) { LIVE.remove(p); }

    /**
     * Deletes the files {@code dir/prefix*.tmp} untouched for {@link #STALE} (left by a killed run); returns how
     * many went.
     */
    public static int removeStale(Path dir, String prefix) {
        Instant before = Instant.now().minus(STALE);
        int removed = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String n = p.getFileName().toString();
                if (!n.startsWith(prefix) || !n.endsWith(".tmp") || LIVE.contains(p)) continue;
                FileTime t = Files.getLastModifiedTime(p);
                if (t.toInstant().isBefore(before) && Files.deleteIfExists(p)) removed++;
            }
        } catch (IOException ignored) {
            // an unreadable folder: the writer itself will say what is wrong with it
        }
        return removed;
    }
}

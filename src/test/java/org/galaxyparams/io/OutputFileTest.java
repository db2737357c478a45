package org.galaxyparams.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFileTest {
    private static long hiddenTemps(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
        }
    }

    @Test
    void nothingChangesUntilTheCommitAndAnUncommittedFileLeavesNoTrace(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("out.csv");
        Files.writeString(target, "old\n");
        try (OutputFile f = OutputFile.open(target)) {
            f.writer().write("new\n");
            f.writer().flush();
            assertEquals("old\n", Files.readString(target), "the old file stays until the commit");
            assertEquals(1, hiddenTemps(dir));
        }
        assertEquals("old\n", Files.readString(target));
        assertEquals(0, hiddenTemps(dir));
        OutputFile.writeString(target, "new\n");
        assertEquals("new\n", Files.readString(target));
        assertEquals(0, hiddenTemps(dir));
    }

    /** A full disk: the error names the file and the old file survives whole; no temporary file is left. */
    @Test
    void aFullDiskFailsLoudlyAndKeepsThePreviousFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("rows.csv");
        Files.writeString(target, "header\nrow 1\n");
        String big = "x".repeat(200_000);
        FullDisk.after(100_000, () -> {
            IOException e = assertThrows(IOException.class, () -> OutputFile.writeString(target, big));
            assertTrue(e.getMessage().contains("could not write " + target.toAbsolutePath()) && e.getMessage().contains("No space left")
                    && e.getMessage().contains("left as it was"), e.getMessage());
        });
        // a small write that stays in the buffer fails at the commit's flush, just as loudly
        FullDisk.after(10, () -> {
            IOException late = assertThrows(IOException.class, () -> OutputFile.writeString(target, "y".repeat(50)));
            assertTrue(late.getMessage().contains("rows.csv"), late.getMessage());
        });
        assertEquals("header\nrow 1\n", Files.readString(target, StandardCharsets.UTF_8));
        assertEquals(0, hiddenTemps(dir));
    }

    @Test
    void refusesAFolderOrAnInputAsOutput(@TempDir Path dir) throws Exception {
        Path in = Files.writeString(dir.resolve("a.fits"), "data");
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class,
                () -> OutputFile.open(dir.resolve("sub/../a.fits"), in));
        assertTrue(same.getMessage().contains("also an input"), same.getMessage());
        Path link = Files.createSymbolicLink(dir.resolve("link.fits"), in);
        assertThrows(IllegalArgumentException.class, () -> OutputFile.check(link, in));
        Path folder = Files.createDirectory(dir.resolve("results"));
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class, () -> OutputFile.open(folder));
        assertTrue(f.getMessage().contains("is a folder") && f.getMessage().contains("results.csv"), f.getMessage());
        assertTrue(Files.isDirectory(folder));
        assertEquals("data", Files.readString(in));
    }

    /**
     * A kill -9 leaves a temporary file; the next writer of the same output removes it at once: no process holds
     * its lock any more. One whose lock is held belongs to a live run and stays.
     */
    @Test
    void theNextWriterRemovesATemporaryFileLeftByAKilledRun(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("set.fits");
        Path killed = Files.writeString(dir.resolve(".set.fits.123.tmp"), "half");
        Path live = Files.writeString(dir.resolve(".set.fits.456.tmp"), "a live run's");
        Path other = Files.writeString(dir.resolve(".other.fits.789.tmp"), "another output's");
        Files.setLastModifiedTime(other, FileTime.from(Instant.now().minus(TempFiles.STALE).minusSeconds(60)));
        try (FileChannel ch = FileChannel.open(live, StandardOpenOption.WRITE); FileLock lock = ch.lock();
             OutputFile f = OutputFile.open(target)) {
            assertEquals(1, f.staleRemoved());
            f.commit();
        }
        assertFalse(Files.exists(killed));
        assertTrue(Files.exists(live), "a locked one belongs to a live run");
        assertTrue(Files.exists(other));
        assertEquals(0, Files.size(target));
    }

    /** A temporary file this bundle makes is locked while it lives: another process would leave it alone. */
    @Test
    void temporaryFilesAreLockedWhileTheirWriterLives(@TempDir Path dir) throws Exception {
        try (OutputFile f = OutputFile.open(dir.resolve("x.csv"))) {
            assertFalse(TempFiles.ownerGone(f.temporaryPath()));
        }
        Path unlocked = Files.writeString(dir.resolve(".x.csv.1.tmp"), "");
        assertTrue(TempFiles.ownerGone(unlocked));
    }
}

package org.galaxyparams.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.galaxyparams.sim.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Abort, failure and misuse of DatasetWriter: never a partial file at the output path, never a stray temp file. */
class DatasetWriterLifecycleTest {
    @TempDir
    Path dir;

    private List<Path> filesInDir() throws IOException {
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void abortLeavesNoFileAndNoTemporaries() throws IOException {
        Path f = dir.resolve("data.fits");
        DatasetWriter w = DatasetWriter.create(f, TestSamples.info(), true, true);
        for (Sample s : TestSamples.samples(3, true, true, true, true, true)) w.append(s);
        assertFalse(filesInDir().isEmpty(), "temporaries exist while writing");
        w.abort();
        w.close(); // no-op after abort
        assertEquals(List.of(), filesInDir());
    }

    /** In try-with-resources, an exception before commit() leaves no file: close() without a commit discards. */
    @Test
    void closingWithoutACommitDiscardsWhatWasAppended() throws IOException {
        Path f = dir.resolve("data.fits");
        Files.writeString(f, "old");
        RuntimeException boom = assertThrows(RuntimeException.class, () -> {
            try (DatasetWriter w = DatasetWriter.create(f, TestSamples.info(), false, false)) {
                w.append(TestSamples.samples(1, true, true, false, false, false).get(0));
                throw new RuntimeException("the run failed before its commit");
            }
        });
        assertEquals("the run failed before its commit", boom.getMessage());
        assertEquals("old", Files.readString(f));
        assertEquals(List.of(f), filesInDir());
        DatasetWriter w = DatasetWriter.create(f, TestSamples.info(), false, false);
        w.append(TestSamples.samples(1, true, true, false, false, false).get(0));
        w.close();
        IOException late = assertThrows(IOException.class, w::commit);
        assertTrue(late.getMessage().contains("closed or aborted"), late.getMessage());
    }

    @Test
    void abortKeepsAnExistingOutputAndCloseReplacesIt() throws IOException {
        Path f = dir.resolve("data.fits");
        Files.writeString(f, "old");
        DatasetWriter w = DatasetWriter.create(f, TestSamples.info(), false, false);
        w.append(TestSamples.samples(1, true, true, false, false, false).get(0));
        w.abort();
        assertEquals("old", Files.readString(f));
        DatasetWriter.write(f, TestSamples.info(), TestSamples.samples(2, true, true, false, false, false));
        try (DatasetReader r = DatasetReader.open(f)) {
            assertEquals(2, r.count());
        }
        assertEquals(List.of(f), filesInDir());
    }

    @Test
    void aFailedAppendDiscardsEverything() throws IOException {
        Path f = dir.resolve("data.fits");
        List<Sample> s = TestSamples.samples(3, true, true, false, true, true); // PSFs differ
        DatasetWriter w = DatasetWriter.create(f, TestSamples.info(), false, false);
        w.append(s.get(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.append(s.get(1)));
        assertTrue(e.getMessage().contains("psfPerSample"), e.getMessage());
        IOException closed = assertThrows(IOException.class, w::commit);
        assertTrue(closed.getMessage().contains("was not written"), closed.getMessage());
        assertEquals(List.of(), filesInDir());
        assertThrows(IllegalStateException.class, () -> w.append(s.get(2)));
    }

    @Test
    void inconsistentSamplesAreRejected() throws IOException {
        Path f = dir.resolve("data.fits");
        Sample good = TestSamples.samples(1, true, true, true, false, false).get(0);
        Sample noTruth = TestSamples.samples(1, false, true, true, false, false).get(0);
        Sample wrongSize = new Sample(good.params(), 0.7, 300, 50, 1, new float[10], good.noiseless(), null);
        Sample noNoiseless = new Sample(good.params(), 0.7, 300, 50, 1, good.noisy(), null, null);
        assertRejected(f, List.of(good, noTruth), "true parameters");
        assertRejected(f, List.of(wrongSize), "pixels");
        assertRejected(f, List.of(noNoiseless), "noiseless");
        assertEquals(List.of(), filesInDir());
    }

    private void assertRejected(Path f, List<Sample> samples, String expected) throws IOException {
        DatasetWriter w = DatasetWriter.create(f, TestSamples.info(), true, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            for (Sample s : samples) w.append(s);
        });
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void closingWithoutSamplesWritesNothing() throws IOException {
        Path f = dir.resolve("empty.fits");
        DatasetWriter w = DatasetWriter.create(f, TestSamples.info(), true, false);
        IOException e = assertThrows(IOException.class, w::commit);
        assertTrue(e.getMessage().contains("no samples"), e.getMessage());
        assertEquals(List.of(), filesInDir());
    }

    @Test
    void missingFolderIsReported() {
        Path f = dir.resolve("no/such/folder/data.fits");
        IOException e = assertThrows(IOException.class, () -> DatasetWriter.create(f, TestSamples.info(), true, false));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}

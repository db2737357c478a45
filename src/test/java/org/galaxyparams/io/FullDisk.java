package org.galaxyparams.io;

/** Tests: makes every {@link OutputFile} opened inside {@link #run} fail like a full disk after some bytes. */
public final class FullDisk {
    private FullDisk() {}

    public interface Action { void run() throws Exception; }

    public static void after(long bytes, Action a) throws Exception {
        OutputFile.fullDiskAfter = bytes;
        try {
            a.run();
        } finally {
            OutputFile.fullDiskAfter = -1;
        }
    }
}

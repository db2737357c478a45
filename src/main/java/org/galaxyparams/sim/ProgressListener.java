package org.galaxyparams.sim;

/** Told how far a long job has gone; {@link #isCancelled()} is polled to stop it early. */
public interface ProgressListener {
    ProgressListener NONE = (done, total) -> {};

    void progress(long done, long total);

    default boolean isCancelled() { return false; }
}

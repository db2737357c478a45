package org.galaxyparams.train;

import com.google.gson.Gson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a checkpoint needs to resume, besides its weights and Adam's moments (files of their own): the step reached,
 * the next candidate of the training stream, the best validation loss so far, time spent and run count. After a
 * collapse the next candidate is moved on past the batches that led to it, while the step stays the checkpoint's.
 */
record TrainingState(int step, long nextCandidate, long samplesSeen, double bestLoss, int bestStep,
                     int staleValidations, double wallSeconds, int runs) {
    static final TrainingState START = new TrainingState(0, 0, 0, Double.POSITIVE_INFINITY, 0, 0, 0, 0);
    private static final Gson GSON = new Gson().newBuilder().serializeSpecialFloatingPointValues().setPrettyPrinting().create();

    void write(Path file) throws IOException {
        org.galaxyparams.io.OutputFile.writeString(file, GSON.toJson(this) + "\n");
    }

    static TrainingState read(Path file) throws IOException {
        return GSON.fromJson(Files.readString(file), TrainingState.class);
    }
}

package org.galaxyparams.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.galaxyparams.net.GalaxyNetwork;
import org.galaxyparams.net.InputEncoding;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.StampSymmetry;

/**
 * A drawn sample as training uses it: the simulator's sample and, when a denoiser stands in front of the
 * regressor, the denoiser's output for its noisy stamp (counts), else null.
 */
record TrainingSample(Sample sample, float[] denoised) {
    static TrainingSample of(Sample s) { return new TrainingSample(s, null); }

    /** The samples with {@code denoiser}'s output (counts) for each noisy stamp; without a denoiser (null), as drawn. */
    static List<TrainingSample> behind(GalaxyNetwork denoiser, List<Sample> samples, Consumer<String> log) {
        if (denoiser == null) return samples.stream().map(TrainingSample::of).toList();
        InputEncoding de = denoiser.card().encoding();
        int plane = de.stampSize() * de.stampSize();
        float[] in = new float[samples.size() * de.channels() * plane];
        for (int i = 0; i < samples.size(); i++) de.encode(samples.get(i).noisy(), samples.get(i).psfFwhm(), samples.get(i).sigma(), in, i);
        float[] out = denoiser.forward(in, samples.size(), log);
        List<TrainingSample> prepared = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            float[] image = new float[plane];
            for (int p = 0; p < plane; p++) image[p] = (float) (out[i * plane + p] / de.imageScale());
            prepared.add(new TrainingSample(samples.get(i), image));
        }
        return prepared;
    }

    /** The stamp the network's image channels start from: the denoised one when the denoiser replaces the noisy stamp. */
    float[] image(boolean denoisedReplacesNoisy) { return denoisedReplacesNoisy && denoised != null ? denoised : sample.noisy(); }

    TrainingSample apply(StampSymmetry symmetry, int size) {
        return symmetry == StampSymmetry.IDENTITY ? this : new TrainingSample(symmetry.apply(sample, size), symmetry.apply(denoised, size));
    }
}

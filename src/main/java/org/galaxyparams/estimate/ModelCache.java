package org.galaxyparams.estimate;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.galaxyparams.net.DjlRuntime;
import org.galaxyparams.net.GalaxyNetwork;

/**
 * Keeps each network loaded for the life of the JVM (a Fiji session): the first command pays the loading,
 * later commands and slices reuse it. Keyed by card path and device.
 */
public final class ModelCache {
    private static final Map<String, GalaxyNetwork> LOADED = new LinkedHashMap<>();

    private ModelCache() {}

    /** The network named (or at the path) {@code model} on the device chosen by "auto", "cpu" or "gpu". */
    public static synchronized GalaxyNetwork get(String model, String device, Consumer<String> warnings) throws IOException {
        Path card = ModelLocator.resolve(model).toAbsolutePath().normalize();
        Device d = DjlRuntime.device(device, warnings);
        String key = card + "@" + d;
        GalaxyNetwork n = LOADED.get(key);
        if (n == null) {
            n = GalaxyNetwork.load(card, d);
            LOADED.put(key, n);
        }
        return n;
    }

    /** A ready estimator: regressor, optional denoiser ("none", "edsr", "rdn", a name or a card path), refinement. */
    public static NeuralEstimator estimator(String regressor, String denoiser, String device, boolean refine,
                                            Consumer<String> warnings) throws IOException {
        GalaxyNetwork r = get(regressor == null || regressor.isBlank() ? ModelLocator.DEFAULT_REGRESSOR : regressor, device, warnings);
        String dn = ModelLocator.denoiserName(denoiser);
        GalaxyNetwork d = dn == null ? null : get(dn, device, warnings);
        return new NeuralEstimator(r, d, refine, warnings);
    }

    /** Unloads everything (tests). */
    public static synchronized void clear() {
        LOADED.values().forEach(GalaxyNetwork::close);
        LOADED.clear();
    }
}

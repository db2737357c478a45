package org.galaxyparams.estimate;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.galaxyparams.net.DjlRuntime;
import org.galaxyparams.net.GalaxyNetwork;
import org.galaxyparams.net.ModelCard;

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
        // the card's size and time are in the key: a model trained again in the same session (Train Network with
        // overwrite, a resume) is loaded anew, not served with the old weights under the new card's name
        String key = card + "@" + d + "#" + version(card);
        GalaxyNetwork n = LOADED.get(key);
        if (n == null) {
            n = GalaxyNetwork.load(card, d);
            String stale = card + "@" + d + "#";
            LOADED.keySet().removeIf(k -> k.startsWith(stale)); // not closed: a run in progress may still hold it
            LOADED.put(key, n);
        }
        return n;
    }

    /** The card file's size and modification time: they change when training writes it again. */
    private static String version(Path card) {
        try {
            return java.nio.file.Files.size(card) + ":" + java.nio.file.Files.getLastModifiedTime(card).toMillis();
        } catch (IOException e) {
            return "unreadable"; // the load below says why
        }
    }

    /**
     * A ready estimator: regressor, optional denoiser ("none", "edsr", "rdn", a name or a card path), refinement.
     * The default regressor behind a denoiser means the regressor trained on that denoiser's outputs,
     * {@code <default>+<denoiser>}, when one is installed (its card names the denoiser and its weights' hash);
     * otherwise the default regressor, with a warning.
     */
    public static NeuralEstimator estimator(String regressor, String denoiser, String device, boolean refine,
                                            Consumer<String> warnings) throws IOException {
        String dn = ModelLocator.denoiserName(denoiser);
        GalaxyNetwork d = dn == null ? null : get(dn, device, warnings);
        String name = regressor == null || regressor.isBlank() ? ModelLocator.DEFAULT_REGRESSOR : regressor;
        if (d != null && name.equals(ModelLocator.DEFAULT_REGRESSOR)) name = pairedRegressor(d, warnings);
        return new NeuralEstimator(get(name, device, warnings), d, refine, warnings);
    }

    /**
     * The estimator for a run: {@link #estimator} with the posterior when {@code method} asks for it; and when the
     * default regressor is asked for without a denoiser, its installed specialists for datasets 1 and 2
     * ({@link ModelLocator#DEFAULT_SPECIALISTS}), each taking the stamps in its card's PSF and sigma range.
     *
     * @param box the posterior's prior box (NONE for the card's prior)
     */
    public static ParameterEstimator forRun(String regressor, String denoiser, String device, EstimateMethod method,
                                            org.galaxyparams.posterior.PriorBox box, Consumer<String> warnings) throws IOException {
        return forRun(regressor, denoiser, device, method, box, 0, warnings);
    }

    /** {@link #forRun} with every network averaged over {@code views} symmetric views (0: each card's own). */
    public static ParameterEstimator forRun(String regressor, String denoiser, String device, EstimateMethod method,
                                            org.galaxyparams.posterior.PriorBox box, int views, Consumer<String> warnings) throws IOException {
        NeuralEstimator general = configured(estimator(regressor, denoiser, device, method.fits(), warnings), method, box, views);
        boolean asDefault = regressor == null || regressor.isBlank() || regressor.equals(ModelLocator.DEFAULT_REGRESSOR);
        if (!asDefault || ModelLocator.denoiserName(denoiser) != null) return general;
        java.util.List<ConditionRoutedEstimator.Specialist> specialists = new java.util.ArrayList<>();
        for (String name : ModelLocator.DEFAULT_SPECIALISTS) {
            Path card;
            try {
                card = ModelLocator.resolve(name);
            } catch (IOException notInstalled) {
                continue; // the general model serves these conditions
            }
            // a specialist that cannot serve leaves its stamps to the general model: the run goes on, and says why
            try {
                GalaxyNetwork n = get(card.toString(), device, warnings);
                String unlike = unlike(n, general.regressor());
                ModelCard.PriorRecord p = n.card().prior();
                if (unlike == null && (p == null || !Double.isFinite(p.psfFwhmMin()) || !Double.isFinite(p.sigmaMin())))
                    unlike = "its card gives no PSF and sigma range";
                if (unlike != null) {
                    warnings.accept("Not using " + name + " for its conditions: " + unlike + "; " + general.regressor().card().name() + " serves them");
                    continue;
                }
                NeuralEstimator e = configured(new NeuralEstimator(n, null, method.fits(), warnings), method, box, views);
                specialists.add(new ConditionRoutedEstimator.Specialist(e, p.psfFwhmMin(), p.psfFwhmMax(), p.sigmaMin(), p.sigmaMax()));
            } catch (IOException | IllegalArgumentException unusable) {
                warnings.accept("Not using " + name + " for its conditions: " + unusable.getMessage() + "; "
                        + general.regressor().card().name() + " serves them");
            }
        }
        return specialists.isEmpty() ? general : new ConditionRoutedEstimator(general, specialists, warnings);
    }

    /** Why {@code specialist} cannot stand in for {@code general} on some stamps (other inputs, outputs or label units), or null. */
    static String unlike(GalaxyNetwork specialist, GalaxyNetwork general) {
        ModelCard a = specialist.card(), b = general.card();
        if (a.isDenoiser()) return "it is a denoiser";
        if (!a.encoding().equals(b.encoding())) return "it takes other input planes";
        if (specialist.predictsErrors() != general.predictsErrors())
            return specialist.predictsErrors() ? "it predicts errors and the general model does not" : "it predicts no errors";
        if (!java.util.Objects.equals(a.labels(), b.labels())) return "its labels are scaled otherwise";
        return null;
    }

    private static NeuralEstimator configured(NeuralEstimator e, EstimateMethod method, org.galaxyparams.posterior.PriorBox box, int views) {
        if (views > 0) e.withViews(views);
        return method == EstimateMethod.POSTERIOR ? e.withPosterior(box) : e;
    }

    /**
     * The regressor to run behind {@code denoiser} when the default is asked for: {@code <pair base>+<denoiser>} when
     * installed and trained behind these very weights; else another installed regressor whose card names these weights
     * (an older default's pair); else the default regressor, trained on noisy stamps, with a warning.
     */
    static String pairedRegressor(GalaxyNetwork denoiser, Consumer<String> warnings) {
        String dn = denoiser.card().name(), sha = denoiser.card().sha256();
        String paired = ModelLocator.DEFAULT_PAIR_BASE + "+" + dn;
        try {
            ModelCard c = ModelCard.read(ModelLocator.resolve(paired));
            if (c.inputDenoiser() != null && sha != null && sha.equals(c.inputDenoiser().sha256())) return paired;
            warnings.accept(paired + " was trained behind other weights of " + dn + " ("
                    + (c.inputDenoiser() == null ? "none named" : c.inputDenoiser().tag()) + ")");
        } catch (IOException notInstalled) {
            // look for another pair below
        }
        for (String other : ModelLocator.installedBehind(dn)) {
            try {
                ModelCard c = ModelCard.read(ModelLocator.resolve(other));
                if (c.inputDenoiser() != null && sha != null && sha.equals(c.inputDenoiser().sha256())) return other;
            } catch (IOException | RuntimeException unreadable) {
                // not this one
            }
        }
        warnings.accept("No regressor trained on " + dn + "'s outputs is installed (" + paired + "): using "
                + ModelLocator.DEFAULT_REGRESSOR + ", trained on noisy stamps; expect larger errors than without the denoiser.");
        return ModelLocator.DEFAULT_REGRESSOR;
    }

    /** Unloads everything (tests). */
    public static synchronized void clear() {
        LOADED.values().forEach(GalaxyNetwork::close);
        LOADED.clear();
    }
}

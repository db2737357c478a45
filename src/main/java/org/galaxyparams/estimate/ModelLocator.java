package org.galaxyparams.estimate;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a model card from a name ("xception-dataset3") or a path (".json"). Looks in, in order: the
 * system property {@code galaxyparams.models}, the environment variable {@code GALAXY_PARAMS_MODELS},
 * {@code ./models}, {@code models/} beside the jar (and Fiji's {@code models/galaxy-params}), and last the
 * models bundled inside the jar (extracted once per JVM to a temporary folder).
 */
public final class ModelLocator {
    /**
     * The default regressor, for dataset 3's prior (any PSF FWHM 0.5-1.0 arcsec, sigma 200-400): the means of
     * {@link #DEFAULT_PAIR_BASE} with a calibrated spread head (error bars).
     */
    public static final String DEFAULT_REGRESSOR = "xception64u6-asinh-errors-grown-swa-dataset3";
    /**
     * The regressor whose fine-tuned copies behind each denoiser ship as {@code <base>+<denoiser>}: the unshuffle
     * network grown from 4 to 6 residual blocks and trained through one more cosine cycle, the weights of its last 8
     * checkpoints averaged and BatchNorm statistics recomputed over 200 batches (models/training/README.md).
     */
    public static final String DEFAULT_PAIR_BASE = "xception64u6-asinh-grown-swa-dataset3";
    /**
     * Regressors fine-tuned on datasets 1 and 2 (4-block unshuffle networks through four cosine cycles, then grown to 6
     * blocks and trained one more, the last 8 checkpoints averaged): when the default is asked for without a denoiser,
     * stamps whose PSF FWHM and sigma lie in one's training range go to it (see {@link ConditionRoutedEstimator}).
     */
    public static final List<String> DEFAULT_SPECIALISTS = List.of("xception64u6-asinh-errors-grown-swa-dataset1",
            "xception64u6-asinh-errors-grown-swa-dataset2");
    static final String BUNDLED = "galaxyparams/models/";
    private static Path extracted;

    private ModelLocator() {}

    /** Card name for a denoiser choice "none", "edsr" or "rdn" (null for none), or a name/path as given. */
    public static String denoiserName(String choice) {
        if (choice == null || choice.isBlank() || choice.equalsIgnoreCase("none")) return null;
        if (choice.equalsIgnoreCase("edsr") || choice.equalsIgnoreCase("rdn")) return choice.toLowerCase(java.util.Locale.ROOT) + "-dataset3";
        return choice;
    }

    /**
     * Names of the installed models of one kind, sorted: the cards in the model folders (see {@link #resolve}) and
     * those inside Galaxy_Params.jar. Regressors paired with a denoiser ({@code name+denoiser}) are left out: the
     * estimator picks them by itself. A card that cannot be read is left out.
     */
    public static List<String> installed(boolean denoisers) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        List<Path> cards = new ArrayList<>();
        for (Path dir : searchDirs()) {
            try (java.util.stream.Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().endsWith(".json")).forEach(cards::add);
            } catch (IOException | RuntimeException absent) {
                // no such folder
            }
        }
        for (Path c : cards) {
            String name = c.getFileName().toString().replaceFirst("\\.json$", "");
            if (name.contains("+")) continue;
            try {
                if (org.galaxyparams.net.ModelCard.read(c).isDenoiser() == denoisers) names.add(name);
            } catch (IOException | RuntimeException notACard) {
                // skipped
            }
        }
        for (String name : bundledNames()) {
            if (name.contains("+") || names.contains(name)) continue;
            try {
                Path c = extractBundled(name);
                if (c != null && org.galaxyparams.net.ModelCard.read(c).isDenoiser() == denoisers) names.add(name);
            } catch (IOException | RuntimeException notACard) {
                // skipped
            }
        }
        return List.copyOf(names);
    }

    /** Installed regressors trained behind {@code denoiser}, named {@code <regressor>+<denoiser>}, sorted. */
    public static List<String> installedBehind(String denoiser) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        String suffix = "+" + denoiser;
        for (Path dir : searchDirs()) {
            try (java.util.stream.Stream<Path> s = Files.list(dir)) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix + ".json"))
                        .forEach(n -> names.add(n.substring(0, n.length() - 5)));
            } catch (IOException | RuntimeException absent) {
                // no such folder
            }
        }
        for (String n : bundledNames()) if (n.endsWith(suffix)) names.add(n);
        return List.copyOf(names);
    }

    /** Whether {@code card} is the temporary copy of a model bundled in the jar (written nowhere a user keeps). */
    public static boolean isBundledCopy(Path card) {
        Path dir = extracted;
        return dir != null && card.toAbsolutePath().normalize().startsWith(dir.toAbsolutePath().normalize());
    }

    /** Model names inside the jar (or the classes folder this class was loaded from). */
    private static List<String> bundledNames() {
        List<String> out = new ArrayList<>();
        try {
            Path where = Path.of(ModelLocator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(where)) {
                try (java.util.stream.Stream<Path> s = Files.list(where.resolve(BUNDLED))) {
                    s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).forEach(n -> out.add(n.substring(0, n.length() - 5)));
                }
            } else {
                try (java.util.jar.JarFile jar = new java.util.jar.JarFile(where.toFile())) {
                    jar.stream().map(java.util.jar.JarEntry::getName)
                            .filter(n -> n.startsWith(BUNDLED) && n.endsWith(".json") && n.indexOf('/', BUNDLED.length()) < 0)
                            .forEach(n -> out.add(n.substring(BUNDLED.length(), n.length() - 5)));
                }
            }
        } catch (URISyntaxException | IOException | RuntimeException unknown) {
            // no listable location: only the model folders are offered
        }
        return out;
    }

    public static Path resolve(String nameOrPath) throws IOException {
        Path direct = Path.of(nameOrPath);
        if (nameOrPath.endsWith(".json")) {
            if (Files.isRegularFile(direct)) return direct;
            throw new IOException("Model card " + nameOrPath + " not found.");
        }
        List<Path> tried = new ArrayList<>();
        for (Path dir : searchDirs()) {
            Path card = dir.resolve(nameOrPath + ".json");
            tried.add(card);
            if (Files.isRegularFile(card)) return card;
        }
        Path bundled = extractBundled(nameOrPath);
        if (bundled != null) return bundled;
        throw new IOException("No model named '" + nameOrPath + "': looked for " + tried
                + " and inside Galaxy_Params.jar. Give the path of a model card (.json) or put the model in models/.");
    }

    private static List<Path> searchDirs() {
        List<Path> dirs = new ArrayList<>();
        String prop = System.getProperty("galaxyparams.models");
        if (prop != null && !prop.isBlank()) dirs.add(Path.of(prop));
        String env = System.getenv("GALAXY_PARAMS_MODELS");
        if (env != null && !env.isBlank()) dirs.add(Path.of(env));
        dirs.add(Path.of("models"));
        try {
            Path jar = Path.of(ModelLocator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path base = jar.getParent();
            if (base != null) {
                dirs.add(base.resolve("models"));
                if (base.getParent() != null) {
                    dirs.add(base.getParent().resolve("models"));
                    dirs.add(base.getParent().resolve("models").resolve("galaxy-params"));
                }
            }
        } catch (URISyntaxException | RuntimeException ignored) {
            // no file location (e.g. a custom class loader): the bundled copy remains
        }
        return dirs;
    }

    /** Bundled models already copied out of the jar this session, by name. */
    private static final java.util.Map<String, Path> EXTRACTED = new java.util.HashMap<>();

    private static synchronized Path extractBundled(String name) throws IOException {
        Path done = EXTRACTED.get(name);
        if (done != null && Files.isRegularFile(done)) return done;
        ClassLoader cl = ModelLocator.class.getClassLoader();
        try (InputStream card = cl.getResourceAsStream(BUNDLED + name + ".json");
             InputStream weights = cl.getResourceAsStream(BUNDLED + name + ".params")) {
            if (card == null || weights == null) return null;
            if (extracted == null) {
                extracted = Files.createTempDirectory("galaxy-params-models");
                extracted.toFile().deleteOnExit();
            }
            Path c = extracted.resolve(name + ".json");
            Path w = extracted.resolve(name + ".params");
            org.galaxyparams.io.OutputFile.writeBytes(c, card.readAllBytes());
            org.galaxyparams.io.OutputFile.writeBytes(w, weights.readAllBytes());
            c.toFile().deleteOnExit();
            w.toFile().deleteOnExit();
            EXTRACTED.put(name, c);
            return c;
        }
    }
}

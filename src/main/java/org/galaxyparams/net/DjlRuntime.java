package org.galaxyparams.net;

import ai.djl.Device;
import ai.djl.engine.Engine;

import java.util.function.Consumer;

/**
 * Starts DJL's PyTorch engine offline with explicit thread counts, from any class loader (ImageJ 1
 * plugins included), and resolves the device. DJL caches a failed engine look-up for the JVM's life,
 * so every entry point goes through {@link #engine()}.
 */
public final class DjlRuntime {
    /** Engine name used everywhere. */
    public static final String ENGINE = "PyTorch";
    private static volatile Engine engine;

    private DjlRuntime() {}

    /**
     * Sets the PyTorch intra-op threads (0 = one per core). Before the engine starts this goes through DJL's
     * properties; once it runs, straight to PyTorch, so a later call (another command in the same Fiji or test JVM)
     * still gets the count it asks for: results that must not depend on it are checked at a known count. Inter-op
     * threads are set to 1 before the start (the bundle batches itself); PyTorch cannot change them afterwards.
     */
    public static synchronized void configureThreads(int threads) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        if (engine != null) {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(n);
            return;
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

    /** The PyTorch engine, started offline on first use with this class's loader as context loader. */
    public static Engine engine() {
        Engine e = engine;
        if (e != null) return e;
        synchronized (DjlRuntime.class) {
            if (engine != null) return engine;
            System.setProperty("ai.djl.offline", "true");
            System.setProperty("ai.djl.default_engine", ENGINE);
            if (System.getProperty("ai.djl.pytorch.num_threads") == null) configureThreads(0);
            Thread t = Thread.currentThread();
            ClassLoader previous = t.getContextClassLoader();
            t.setContextClassLoader(DjlRuntime.class.getClassLoader());
            try {
                engine = Engine.getEngine(ENGINE);
            } catch (RuntimeException | UnsatisfiedLinkError ex) {
                throw new IllegalStateException("Could not start PyTorch through DJL: " + ex.getMessage()
                        + ". The native library ships in pytorch-native-cpu (or -cu124) next to Galaxy_Params.jar;"
                        + " check that the jars/lib folder is complete and that DJL_CACHE_DIR (default ~/.djl.ai) is writable.", ex);
            } finally {
                t.setContextClassLoader(previous);
            }
            return engine;
        }
    }

    /**
     * The device for {@code choice} ("auto", "cpu" or "gpu"). "auto" takes the first GPU when there is one;
     * "gpu" without a usable GPU falls back to the CPU and says so through {@code warnings}.
     */
    public static Device device(String choice, Consumer<String> warnings) {
        String c = choice == null ? "auto" : choice.trim().toLowerCase(java.util.Locale.ROOT);
        int gpus = engine().getGpuCount();
        switch (c) {
            case "cpu":
                return Device.cpu();
            case "auto":
                return gpus > 0 ? Device.gpu() : Device.cpu();
            case "gpu":
                if (gpus > 0) return Device.gpu();
                warnings.accept("No usable GPU (this build has " + (isCudaBuild() ? "CUDA but found no device"
                        : "the CPU PyTorch; build with mvn -Pgpu for CUDA") + "): running on the CPU.");
                return Device.cpu();
            default:
                throw new IllegalArgumentException("Unknown device '" + choice + "': use auto, cpu or gpu");
        }
    }

    private static boolean isCudaBuild() {
        return DjlRuntime.class.getClassLoader().getResource("pytorch/cu124") != null
                || engine().getVersion().contains("cu");
    }

    /** Runs {@code work} with this bundle's class loader as the thread's context loader (for DJL look-ups). */
    public static <T> T withBundleClassLoader(java.util.function.Supplier<T> work) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(DjlRuntime.class.getClassLoader());
        try {
            return work.get();
        } finally {
            t.setContextClassLoader(previous);
        }
    }
}

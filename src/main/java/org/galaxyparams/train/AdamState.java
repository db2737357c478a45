package org.galaxyparams.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adam's first and second moments and update counts, written beside a checkpoint so that {@code --resume}
 * continues exactly where the run stopped (same moments, same bias correction, same learning rate). DJL keeps
 * them in private maps keyed by parameter ids that are new in every JVM, so they are stored in the block's
 * parameter order, with each parameter's name to check the order on reading.
 */
final class AdamState {
    private static final String MAGIC = "galaxy-params adam 1";

    private AdamState() {}

    static void save(Optimizer optimizer, Block block, Path file) throws IOException {
        Map<String, Map<Device, NDArray>> means = field(Adam.class, optimizer, "means");
        Map<String, Map<Device, NDArray>> variances = field(Adam.class, optimizer, "variances");
        Map<String, Integer> counts = field(Optimizer.class, optimizer, "updateCounts");
        try (org.galaxyparams.io.OutputFile f = org.galaxyparams.io.OutputFile.open(file)) {
            DataOutputStream out = new DataOutputStream(f.stream());
            out.writeUTF(MAGIC);
            var params = block.getParameters();
            out.writeInt(params.size());
            for (var pair : params) {
                Parameter p = pair.getValue();
                out.writeUTF(pair.getKey());
                Map<Device, NDArray> m = means.get(p.getId()), v = variances.get(p.getId());
                boolean has = m != null && v != null && counts.containsKey(p.getId());
                out.writeBoolean(has);
                if (!has) continue;
                out.writeInt(counts.get(p.getId()));
                writeArray(out, m.values().iterator().next());
                writeArray(out, v.values().iterator().next());
            }
            out.flush();
            f.commit();
        }
    }

    /**
     * Puts the saved state into {@code optimizer} (before its first update); returns the restored update count,
     * the global step the learning-rate schedule continues from.
     */
    static int load(Optimizer optimizer, Block block, NDManager manager, Path file) throws IOException {
        Map<String, Map<Device, NDArray>> means = field(Adam.class, optimizer, "means");
        Map<String, Map<Device, NDArray>> variances = field(Adam.class, optimizer, "variances");
        Map<String, Integer> counts = field(Optimizer.class, optimizer, "updateCounts");
        int maxCount = 0;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (!MAGIC.equals(in.readUTF())) throw new IOException(file + " is not an optimizer state of this bundle");
            var params = block.getParameters();
            int n = in.readInt();
            if (n != params.size())
                throw new IOException(file + " holds " + n + " parameters, the network has " + params.size() + ": another architecture");
            for (var pair : params) {
                String name = in.readUTF();
                if (!name.equals(pair.getKey()))
                    throw new IOException(file + " has parameter " + name + " where the network has " + pair.getKey() + ": another architecture");
                if (!in.readBoolean()) continue;
                String id = pair.getValue().getId();
                int count = in.readInt();
                NDArray m = readArray(in, manager), v = readArray(in, manager);
                if (!m.getShape().equals(pair.getValue().getArray().getShape()))
                    throw new IOException(file + ": moments of " + name + " have shape " + m.getShape() + ", not " + pair.getValue().getArray().getShape());
                means.put(id, new ConcurrentHashMap<>(Map.of(m.getDevice(), m)));
                variances.put(id, new ConcurrentHashMap<>(Map.of(v.getDevice(), v)));
                counts.put(id, count);
                maxCount = Math.max(maxCount, count);
            }
        }
        Field numUpdate = declared(Optimizer.class, "numUpdate");
        try {
            numUpdate.setInt(optimizer, maxCount);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return maxCount;
    }

    private static void writeArray(DataOutputStream out, NDArray a) throws IOException {
        byte[] b = a.encode();
        out.writeInt(b.length);
        out.write(b);
    }

    private static NDArray readArray(DataInputStream in, NDManager manager) {
        try {
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            return NDArray.decode(manager, b);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T field(Class<?> owner, Object target, String name) {
        if (!owner.isInstance(target)) throw new IllegalArgumentException("optimizer is not " + owner.getSimpleName());
        try {
            return (T) declared(owner, name).get(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("DJL's " + owner.getSimpleName() + "." + name + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static Field declared(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("This DJL version keeps no " + owner.getSimpleName() + "." + name
                    + ": optimizer state cannot be checkpointed", e);
        }
    }
}

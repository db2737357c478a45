package org.galaxyparams.app;

/**
 * One of {@code count} disjoint parts of a run, for job arrays: image g of the run (counted in input order over all
 * its files from 0) belongs to shard g mod count. The same inputs give the same parts on every node; {@code merge}
 * puts the parts' rows back in input order.
 *
 * @param index 0-based shard
 * @param count number of shards
 */
public record Shard(int index, int count) {
    /** The whole run. */
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count)
            throw new IllegalArgumentException("shard " + index + "/" + count + ": give k/N with 0 <= k < N (e.g. $SLURM_ARRAY_TASK_ID/8)");
    }

    /** "k/N", as {@code --shard} takes it. */
    public static Shard parse(String s) {
        if (s == null || s.isBlank()) return ALL;
        String[] p = s.trim().split("/");
        try {
            if (p.length == 2) return new Shard(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("--shard " + s + ": give k/N, e.g. 0/8 for the first of 8 parts");
    }

    public boolean owns(long image) { return image % count == index; }

    public boolean whole() { return count == 1; }

    @Override
    public String toString() { return index + "/" + count; }
}

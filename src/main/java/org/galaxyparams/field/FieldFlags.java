package org.galaxyparams.field;

import java.util.ArrayList;
import java.util.List;

/** The bits of a catalog row's {@code flags} column (0 when none is set). */
public final class FieldFlags {
    /** The source's footprint touches another source's: a deblended pair or group. */
    public static final int BLENDED = 1;
    /** Pixels of other sources' footprints were masked in its stamp (left out of the likelihood, noise for the networks). */
    public static final int NEIGHBOURS_MASKED = 2;
    /** Its stamp would fall off the field: not measured. */
    public static final int EDGE = 4;
    /** NaN (bad) pixels were masked in its stamp. */
    public static final int BAD_PIXELS = 8;
    /** Saturated pixels were masked in its stamp. */
    public static final int SATURATED = 16;
    /** More than a quarter of its stamp is masked: the estimate rests on few pixels. */
    public static final int CROWDED = 32;

    private static final String[] NAMES = {"blended", "neighbours masked", "edge", "bad pixels", "saturated", "crowded"};

    private FieldFlags() {}

    /** The set bits as words, e.g. "blended, neighbours masked". */
    public static String describe(int flags) {
        List<String> words = new ArrayList<>();
        for (int b = 0; b < NAMES.length; b++) if ((flags & (1 << b)) != 0) words.add(NAMES[b]);
        return String.join(", ", words);
    }
}

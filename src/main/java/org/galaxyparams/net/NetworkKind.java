package org.galaxyparams.net;

import java.util.Locale;

/** The architectures the bundle builds: one regressor and two denoisers. */
public enum NetworkKind {
    XCEPTION, EDSR, RDN;

    public boolean isDenoiser() { return this != XCEPTION; }

    public String id() { return name().toLowerCase(Locale.ROOT); }

    public static NetworkKind parse(String s) {
        for (NetworkKind k : values()) if (k.id().equalsIgnoreCase(s.trim())) return k;
        throw new IllegalArgumentException("Unknown network '" + s + "': use xception, edsr or rdn");
    }
}

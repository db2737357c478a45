package org.galaxyparams.fit;

import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.StampGeometry;

/**
 * A starting point from image moments: flux from the stamp sum, shear from the second moments inside a circle
 * around the stamp centre, n = 2, and a half-light radius from the light-weighted mean radius.
 */
public final class MomentStart {
    private MomentStart() {}

    public static GalaxyParams guess(double[] stamp, StampGeometry geo) {
        int size = geo.size();
        double cx = geo.centreX(), cy = geo.centreY(), rMax = size / 4.0;
        double sum = 0, qxx = 0, qyy = 0, qxy = 0, total = 0, radial = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double v = stamp[y * size + x];
                if (v != v) continue; // masked
                total += v;
                double dx = x - cx, dy = y - cy, r2 = dx * dx + dy * dy;
                if (r2 > rMax * rMax || v <= 0) continue;
                sum += v;
                qxx += v * dx * dx;
                qyy += v * dy * dy;
                qxy += v * dx * dy;
                radial += v * Math.sqrt(r2);
            }
        }
        double flux = Math.max(total, 1);
        if (sum <= 0) return new GalaxyParams(flux, 2, 0.3, 0, 0);
        double tr = qxx + qyy;
        double e1 = (qxx - qyy) / tr, e2 = 2 * qxy / tr;
        double e = Math.hypot(e1, e2);
        double scale = e > 1e-9 ? Math.min(1 / (1 + Math.sqrt(Math.max(0, 1 - e * e))), 0.6 / e) : 0.5; // g = e / (1 + sqrt(1 - e^2))
        double hlr = Math.min(Math.max(0.8 * radial / sum * geo.pixelScale(), 0.08), 0.8);
        return new GalaxyParams(flux, 2.0, hlr, e1 * scale, e2 * scale);
    }
}

package org.galaxyparams.field;

import java.util.*;

/** Scratch: prints detection statistics of a simulated field. */
public class FieldProbe {
    public static void main(String[] a) {
        System.out.println("start " + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        int side = Integer.parseInt(a[0]), ng = Integer.parseInt(a[1]), ns = Integer.parseInt(a[2]);
        boolean givenPsf = a.length > 3 && a[3].equals("psf");
        FieldSpec spec = new FieldSpec(side, side, ng, ns, org.galaxyparams.sim.Preset.DATASET3, 0.7, 300, 1000, 200, 0.05, 0.23, true, 5);
        long t0 = System.nanoTime();
        FieldSimulator.SimulatedField f = FieldSimulator.simulate(spec, null, () -> false);
        long t1 = System.nanoTime();
        FieldSources.Found found = FieldSources.find(f.image(), DetectionSettings.DEFAULTS, givenPsf ? 0.7 : Double.NaN, "given", 2, 0.23, Double.NaN, () -> false);
        long t2 = System.nanoTime();
        System.out.printf("simulate %.1f s, find %.1f s, sources %d, psf %s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9, found.sources().size(), found.psfNote());
        // match: each truth to the nearest detection within 2 px
        int[] hit = new int[found.sources().size()];
        int gal20 = 0, gal20found = 0, starsFound = 0, starsAsStar = 0, galFound = 0, galAsStar = 0;
        for (FieldTruth t : f.truth()) {
            int best = -1; double bd = 2;
            for (int i = 0; i < found.sources().size(); i++) {
                SourceShape s = found.sources().get(i).shape();
                double d = Math.hypot(s.x() - t.x(), s.y() - t.y());
                if (d < bd) { bd = d; best = i; }
            }
            if (best >= 0) hit[best]++;
            if (!t.star() && t.snr() >= 20) { gal20++; if (best >= 0) gal20found++; else System.out.printf("missed gal %d snr %.1f nearest %.1f blend %.2f at %.1f %.1f%n", t.id(), t.snr(), t.nearest(), t.blendFraction(), t.x(), t.y()); }
            if (best >= 0) {
                FoundSource s = found.sources().get(best);
                if (t.star()) { starsFound++; if (s.star()) starsAsStar++; }
                else { galFound++; if (s.star()) { galAsStar++; System.out.printf("gal-as-star snr %.1f hlr %.3f n %.2f z %.2f excess %.3f%n", t.snr(), t.params().hlrArcsec(), t.params().sersicN(), s.sizeSignificance(), s.shape().size() / s.psfSize() - 1); } }
                if (t.star()) System.out.printf("star flux %.0f z %.2f excess %.3f%n", t.params().flux(), s.sizeSignificance(), s.shape().size() / s.psfSize() - 1);
            }
        }
        int spurious = 0;
        for (int i = 0; i < hit.length; i++) if (hit[i] == 0) { spurious++; FoundSource s = found.sources().get(i); if (spurious < 10) System.out.printf("spurious %d at %.1f %.1f sig %.1f area %d blended %s%n", s.id(), s.shape().x(), s.shape().y(), s.detection().significance(), s.detection().area(), s.detection().blended()); }
        System.out.printf("galaxies SNR>=20: %d found of %d (%.3f); purity %.3f (%d spurious of %d)%n", gal20found, gal20, gal20found / (double) gal20, 1 - spurious / (double) hit.length, spurious, hit.length);
        System.out.printf("stars found %d, classed star %d; galaxies found %d, classed star %d%n", starsFound, starsAsStar, galFound, galAsStar);
        System.out.println("end " + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        System.out.printf("background rms typical %.2f (true 300)%n", found.background().typicalRms());
        System.exit(0);
    }
}

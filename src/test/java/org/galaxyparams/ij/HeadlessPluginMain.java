package org.galaxyparams.ij;

import ij.IJ;
import ij.Macro;

import java.awt.GraphicsEnvironment;

/**
 * Runs one plugin the way a headless launcher does (a cluster node, no display): on a thread whose name starts
 * with "Run$_" (Macro.getOptions() answers only there) with the macro options set, via IJ.runPlugIn.
 * Arguments: plugin class name, macro options. Exit code 0 unless the plugin threw.
 */
public final class HeadlessPluginMain {
    private HeadlessPluginMain() {}

    public static void main(String[] args) throws InterruptedException {
        System.out.println("headless=" + GraphicsEnvironment.isHeadless());
        String className = args[0], options = args.length > 1 ? args[1] : null;
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(() -> {
            if (options != null) Macro.setOptions(Thread.currentThread(), options);
            try {
                IJ.runPlugIn(className, "");
            } finally {
                Macro.setOptions(Thread.currentThread(), null);
            }
        }, "Run$_headless");
        t.setUncaughtExceptionHandler((thread, e) -> failure[0] = e);
        t.start();
        t.join();
        if (failure[0] != null) {
            failure[0].printStackTrace(System.out);
            System.exit(2);
        }
        System.out.println("done");
        System.exit(0);
    }
}

package org.galaxyparams.ij;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;

import java.awt.EventQueue;
import java.awt.Label;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Toolkit;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.TextEvent;
import java.io.File;

import javax.imageio.ImageIO;

/**
 * Drives the Galaxy Explorer as a user would, on a (virtual) display: waits for its dialog and images, types a
 * new flux into the flux field, waits for the live update, then presses OK. Prints {@code KEY=value} lines for
 * the test. Optional argument: a PNG path for a screenshot.
 */
public final class ExplorerDriverMain {
    private ExplorerDriverMain() {}

    public static void main(String[] args) throws Exception {
        Thread plugin = new Thread(() -> new GalaxyExplorerPlugin().run(""), "Run$_explorer");
        plugin.setDaemon(true);
        plugin.start();
        GenericDialog gd = waitForDialog(GalaxyExplorerPlugin.TITLE);
        ImagePlus noiseless = waitForImage(GalaxyExplorerPlugin.TITLE + " noiseless");
        ImagePlus noisy = waitForImage(GalaxyExplorerPlugin.TITLE + " noisy");
        Label snr = (Label) gd.getMessage();
        System.out.println("SNR_BEFORE=" + snr.getText());
        System.out.println("SUM_BEFORE=" + sum(noiseless));
        System.out.println("LABEL_BEFORE=" + GalaxyImages.label(noisy, 1));

        TextField flux = (TextField) gd.getNumericFields().get(0);
        String before = snr.getText();
        EventQueue.invokeAndWait(() -> {
            flux.setText("1000000");
            gd.textValueChanged(new TextEvent(flux, TextEvent.TEXT_VALUE_CHANGED));
        });
        long t0 = System.currentTimeMillis();
        while (snr.getText().equals(before) && System.currentTimeMillis() - t0 < 10_000) Thread.sleep(20);
        System.out.println("SNR_AFTER=" + snr.getText());
        System.out.println("SUM_AFTER=" + sum(noiseless));
        System.out.println("LABEL_AFTER=" + GalaxyImages.label(noisy, 1));
        System.out.println("SIDE_BY_SIDE=" + (noisy.getWindow().getX() > noiseless.getWindow().getX()));
        if (args.length > 0) {
            Thread.sleep(1500); // let the windows paint
            Rectangle screen = new Rectangle(Toolkit.getDefaultToolkit().getScreenSize());
            ImageIO.write(new Robot().createScreenCapture(screen), "png", new File(args[0]));
        }
        EventQueue.invokeAndWait(() -> gd.actionPerformed(new ActionEvent(gd.getButtons()[0], ActionEvent.ACTION_PERFORMED, "OK")));
        plugin.join(10_000);
        System.out.println("PLUGIN_DONE=" + !plugin.isAlive());
        System.out.println("IMAGES_OPEN=" + WindowManager.getImageCount());
        System.exit(0);
    }

    private static double sum(ImagePlus imp) {
        double s = 0;
        for (float v : (float[]) imp.getProcessor().getPixels()) s += v;
        return s;
    }

    private static GenericDialog waitForDialog(String title) throws InterruptedException {
        long t0 = System.currentTimeMillis();
        while (System.currentTimeMillis() - t0 < 30_000) {
            for (Window w : Window.getWindows()) {
                if (w instanceof GenericDialog gd && gd.isShowing() && title.equals(gd.getTitle())) return gd;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no dialog '" + title + "' after 30 s");
    }

    private static ImagePlus waitForImage(String title) throws InterruptedException {
        long t0 = System.currentTimeMillis();
        while (System.currentTimeMillis() - t0 < 30_000) {
            ImagePlus imp = WindowManager.getImage(title);
            if (imp != null && imp.getWindow() != null && imp.getWindow().isShowing()) return imp;
            Thread.sleep(20);
        }
        throw new IllegalStateException("no image '" + title + "' after 30 s");
    }
}

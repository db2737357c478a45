package org.galaxyparams.io;

import static org.galaxyparams.io.DatasetKeys.*;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

import nom.tam.fits.Header;

import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.Sample;

/**
 * Writes one stamp as a 2-D float32 FITS image whose primary header carries its labels: FLUX, SERSIC_N, HLR,
 * G1, G2 (when the truth is known), PSF_FWHM, SIGMA, SNR, SEED, plus PIXSCALE, PSFTYPE, PSFBETA, PRESET, PRIOR,
 * GPVERS, GPCMD. For folders of test images; {@link DatasetReader} reads such a file back as a one-image dataset.
 */
public final class StampFits {
    private StampFits() {}

    /**
     * Writes {@code image} (row-major, index y * size + x, size from {@code info}) with the labels of
     * {@code sample} (its images are not used). The file appears atomically; an existing one is replaced.
     */
    public static void write(Path out, float[] image, DatasetInfo info, Sample sample) throws IOException {
        int size = info.geometry().size();
        if (image == null || image.length != size * size) {
            throw new IllegalArgumentException("a " + size + "x" + size + " stamp needs " + size * size + " pixels, got "
                    + (image == null ? "no image" : image.length));
        }
        Header h = FitsBlocks.imageHeader(null, size, size);
        DatasetHeader.writeGeneral(h, info);
        GalaxyParams p = sample.params();
        if (p != null) {
            FitsBlocks.addReal(h, FLUX, p.flux());
            FitsBlocks.addReal(h, SERSIC_N, p.sersicN());
            FitsBlocks.addReal(h, HLR, p.hlrArcsec());
            FitsBlocks.addReal(h, G1, p.g1());
            FitsBlocks.addReal(h, G2, p.g2());
        }
        FitsBlocks.addReal(h, PSF_FWHM, sample.psfFwhm());
        FitsBlocks.addReal(h, SIGMA, sample.sigma());
        FitsBlocks.addReal(h, SNR, sample.snr());
        h.addValue(SEED, sample.seed());

        try (OutputFile f = OutputFile.open(out)) {
            OutputStream o = f.stream();
            o.write(FitsBlocks.toBytes(h));
            o.write(FitsBlocks.put(FitsBlocks.floatBuffer(image.length), image).array());
            o.write(FitsBlocks.padding(image.length * 4L));
            f.commit();
        }
    }
}

package org.galaxyparams.field;

/**
 * A source found in a field.
 *
 * @param id 1-based, in order of decreasing filtered peak (ties: lower row-major index first); the segmentation map
 *           holds this id on the source's footprint
 * @param peakX column of the filtered peak's pixel
 * @param peakY row of the filtered peak's pixel
 * @param significance the filtered peak in noise sigmas
 * @param area footprint pixels
 * @param blended whether the footprint touches another source's (a deblended pair or group)
 */
public record DetectedSource(int id, int peakX, int peakY, double significance, int area, boolean blended) {}

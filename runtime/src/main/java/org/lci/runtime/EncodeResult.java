package org.lci.runtime;

/**
 * What one encode produced.
 *
 * @param bytes      bytes written to the output stream
 * @param q16        quality actually used, {@code round(q * 65535)}
 * @param tiles      number of tiles
 * @param passes     entropy-coding passes (1 for a fixed quality; more for a target size)
 * @param packDigest full SHA-256 (hex) of the model pack used
 */
public record EncodeResult(long bytes, int q16, int tiles, int passes, String packDigest) {

    /** Quality in [0,1]. */
    public double quality() {
        return q16 / 65535.0;
    }
}

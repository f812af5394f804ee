package org.lci.bench.rd;

import java.awt.image.BufferedImage;
import java.io.IOException;

/** One codec as the rate-distortion batch sees it: image in, bytes out, and back. */
interface RdCodec extends AutoCloseable {

    /** Short name used on the command line and in result files. */
    String name();

    /** Encodes at a codec-specific quality setting; returns the complete file bytes. */
    byte[] encode(BufferedImage image, double quality) throws IOException;

    /** Decodes at tier k (0 = full size); codecs without tiers accept only 0. */
    BufferedImage decode(byte[] data, int tier) throws IOException;

    /**
     * Bytes a client must fetch to decode tier k: a byte prefix of the file for progressive formats,
     * the whole file otherwise.
     */
    default long prefixBytes(byte[] data, int tier) throws IOException {
        return data.length;
    }

    /** Releases native resources (ONNX sessions); nothing by default. */
    @Override
    default void close() {
    }
}

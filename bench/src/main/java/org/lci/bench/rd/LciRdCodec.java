package org.lci.bench.rd;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.lci.format.LciReader;
import org.lci.format.RandomAccessSource;
import org.lci.runtime.CodecOptions;
import org.lci.runtime.DecodeOptions;
import org.lci.runtime.EncodeOptions;
import org.lci.runtime.LciCodec;
import org.lci.runtime.ModelPackRegistry;
import org.lci.runtime.ProgressListener;

/** LCI through its public runtime API, on the CPU, with the default or a given model pack. */
final class LciRdCodec implements RdCodec {

    private final LciCodec codec;
    private final boolean owned;

    /** Default pack from the runtime jar, shared codec with default options. */
    LciRdCodec() {
        this.codec = LciCodec.shared();
        this.owned = false;
    }

    /**
     * A codec of its own: with {@code pack} (may be null: the jar's default) as its only pack, for
     * packs newer than the jar's, and {@code intraOpThreads} ONNX Runtime threads (0 = its default).
     */
    LciRdCodec(Path pack, int intraOpThreads) throws IOException {
        ModelPackRegistry registry = pack == null
                ? ModelPackRegistry.defaults()
                : ModelPackRegistry.empty().addPack(pack);
        this.codec = LciCodec.create(CodecOptions.builder()
                .registry(registry).intraOpThreads(intraOpThreads).build());
        this.owned = true;
    }

    @Override
    public String name() {
        return "lci";
    }

    /** Which pack and execution provider run, for the results' provenance line. */
    String describe() throws IOException {
        var pack = codec.registry().defaultPack();
        return pack.name() + " " + pack.version() + " digest " + pack.digest() + " on " + codec.provider();
    }

    @Override
    public byte[] encode(BufferedImage image, double quality) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.encode(image, EncodeOptions.builder().quality(quality).build(), out, ProgressListener.NONE);
        return out.toByteArray();
    }

    @Override
    public BufferedImage decode(byte[] data, int tier) throws IOException {
        return codec.decode(data, DecodeOptions.tier(tier), ProgressListener.NONE);
    }

    /** The shortest prefix of the file that decodes the tier ({@link LciReader#tierPrefixLength}). */
    @Override
    public long prefixBytes(byte[] data, int tier) throws IOException {
        try (LciReader reader = LciReader.open(RandomAccessSource.of(data))) {
            return reader.tierPrefixLength(tier);
        }
    }

    @Override
    public void close() {
        if (owned) {
            codec.close();
        }
    }
}

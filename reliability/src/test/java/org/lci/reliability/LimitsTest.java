package org.lci.reliability;

import org.junit.jupiter.api.Test;
import org.lci.format.LciFormatException;
import org.lci.format.LciLimits;
import org.lci.format.LciReader;
import org.lci.format.LciSignature;
import org.lci.format.RandomAccessSource;
import org.lci.imageio.LciImageReader;
import org.lci.imageio.LciImageReaderSpi;
import org.lci.runtime.CodecOptions;
import org.lci.runtime.DecodeOptions;
import org.lci.runtime.LciCodec;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sizes declared by a file are checked against the limits and the stream length before anything sized by them is
 * allocated: a tiny file cannot make a reader allocate gigabytes. Memory is measured as the bytes the test thread
 * allocates (HotSpot's per-thread counter), so the checks hold without a forked small-heap JVM.
 */
class LimitsTest {
    /** Far below what honouring any of the declared sizes would take (gigabytes). */
    private static final long BOUNDED = 16L << 20;

    @Test
    void aHundredByteFileDeclaring100000x100000FailsFastInBoundedMemory() throws Exception {
        byte[] file = Crafted.file(100_000, 100_000, 0, 0);
        assertThat(file.length).isLessThan(200);
        LciCodec codec = Fixtures.tinyCodec();
        // warm up ImageIO's registry and the shared codec (it finds the tiny pack through lci.model.path)
        ImageIO.read(new ByteArrayInputStream(Fixtures.encode(codec,
                Fixtures.picture(32, 32, BufferedImage.TYPE_3BYTE_BGR, 0), 0.5, 1024, 32)));
        long before = Crafted.allocatedBytes();

        assertThatThrownBy(() -> LciReader.open(RandomAccessSource.of(file)))
                .isInstanceOf(LciFormatException.class).hasMessageContaining("100000");
        assertThatThrownBy(() -> codec.readInfo(file))
                .isInstanceOf(LciFormatException.class).hasMessageContaining("100000");
        assertThatThrownBy(() -> codec.decode(file, DecodeOptions.tier(0), null))
                .isInstanceOf(LciFormatException.class).hasMessageContaining("100000");
        assertThatThrownBy(() -> ImageIO.read(new ByteArrayInputStream(file)))
                .isInstanceOf(IIOException.class).hasMessageContaining("100000");
        assertThatThrownBy(() -> reader(codec, file).read(0))
                .isInstanceOf(IIOException.class).hasMessageContaining("100000");

        assertThat(Crafted.allocatedBytes() - before).isLessThan(BOUNDED);
    }

    @Test
    void defaultLimitsAreSaneAndAppliedByTheRuntime() throws IOException {
        LciCodec codec = Fixtures.tinyCodec();
        assertThat(codec.readInfo(Crafted.file(65_536, 1, 1024, 0)).width()).isEqualTo(65_536);
        assertThat(codec.readInfo(Crafted.file(20_000, 20_000, 1024, 32)).width()).isEqualTo(20_000);
        assertThatThrownBy(() -> codec.readInfo(Crafted.file(65_537, 1, 0, 0)))
                .isInstanceOf(LciFormatException.class).hasMessageContaining("65537");
        // 30000 x 20000 = 6e8 pixels: each side fits, the pixel count does not (a BufferedImage could not hold it)
        assertThatThrownBy(() -> codec.readInfo(Crafted.file(30_000, 20_000, 0, 0)))
                .isInstanceOf(LciFormatException.class).hasMessageContaining("30000x20000");
    }

    @Test
    void limitsAreConfigurableInTheFormatTheRuntimeAndThePlugin() throws IOException {
        byte[] real = Fixtures.encode(Fixtures.tinyCodec(), Fixtures.picture(64, 48, BufferedImage.TYPE_3BYTE_BGR, 5),
                0.5, 1024, 32);
        LciReader.open(RandomAccessSource.of(real), LciLimits.DEFAULT.withMaxPixels(64 * 48)).close();
        assertThatThrownBy(() -> LciReader.open(RandomAccessSource.of(real), LciLimits.DEFAULT.withMaxPixels(64 * 48 - 1)))
                .isInstanceOf(LciFormatException.class);
        assertThatThrownBy(() -> LciReader.open(RandomAccessSource.of(real), LciLimits.DEFAULT.withMaxDimensions(63, 1000)))
                .isInstanceOf(LciFormatException.class).hasMessageContaining("64");

        try (LciCodec limited = LciCodec.create(CodecOptions.builder().registry(Fixtures.tinyRegistry())
                .limits(LciLimits.DEFAULT.withMaxPixels(1000)).build())) {
            assertThatThrownBy(() -> limited.decode(real, DecodeOptions.tier(0), null))
                    .isInstanceOf(LciFormatException.class);
            assertThatThrownBy(() -> reader(limited, real).read(0)).isInstanceOf(IIOException.class);
            assertThat(reader(Fixtures.tinyCodec(), real).read(0).getWidth()).isEqualTo(64);
        }
    }

    @Test
    void tileCountIsValidatedAgainstTheStreamLength() throws IOException {
        // 16384 x 16384 in 64-px tiles = 65536 tiles: the index would need >= 1.3 MB; the file has 10 bytes of it.
        byte[] header = org.lci.format.LciHeader.builder(16_384, 16_384).tiers(Crafted.template().tiers())
                .packDigestPrefix(Crafted.template().packDigestPrefix()).tileGrid(64, 0).build().toBytes();
        byte[] file = concat(LciSignature.bytes(), header, chunk("TIDX", new byte[10]));
        long before = Crafted.allocatedBytes();
        assertThatThrownBy(() -> LciReader.open(RandomAccessSource.of(file)))
                .isInstanceOf(LciFormatException.class).hasMessageContaining("TIDX").hasMessageContaining("65536 tiles");
        assertThatThrownBy(() -> reader(Fixtures.tinyCodec(), file).read(0)).isInstanceOf(IIOException.class);
        assertThat(Crafted.allocatedBytes() - before).isLessThan(BOUNDED);
    }

    @Test
    void chunkLengthsAreValidatedAgainstTheStreamLength() throws IOException {
        byte[] valid = Crafted.file(64, 64, 0, 0);
        int afterHeader = LciSignature.LENGTH + Crafted.template().toBytes().length;
        // a leading iCCP chunk declaring 60 MiB (under the 64 MiB chunk limit) in a file of a few hundred bytes
        byte[] head = new byte[8];
        int len = 60 << 20;
        head[0] = (byte) (len >>> 24);
        head[1] = (byte) (len >>> 16);
        head[2] = (byte) (len >>> 8);
        head[3] = (byte) len;
        System.arraycopy("iCCP".getBytes(StandardCharsets.US_ASCII), 0, head, 4, 4);
        byte[] file = concat(Arrays.copyOf(valid, afterHeader), head, Arrays.copyOfRange(valid, afterHeader, valid.length));
        long before = Crafted.allocatedBytes();
        assertThatThrownBy(() -> LciReader.open(RandomAccessSource.of(file)))
                .isInstanceOf(LciFormatException.class).hasMessageContaining("iCCP");
        assertThatThrownBy(() -> reader(Fixtures.tinyCodec(), file).read(0)).isInstanceOf(IIOException.class);
        assertThat(Crafted.allocatedBytes() - before).isLessThan(BOUNDED);
    }

    @Test
    void aFileCutAfterItsIndexDeclaring20000x20000IsRefusedBeforeTheImageIsAllocated() throws IOException {
        byte[] full = Crafted.file(20_000, 20_000, 1024, 32); // 400 tiles
        long indexEnd;
        try (LciReader r = LciReader.open(RandomAccessSource.of(full), LciLimits.DEFAULT.withMaxPixels(1L << 30))) {
            indexEnd = r.segmentOffset(0, 0) - 8; // the first LDAT chunk head
        }
        byte[] cut = Arrays.copyOf(full, (int) indexEnd);
        LciCodec codec = Fixtures.tinyCodec();
        assertThat(codec.readInfo(cut).finestCompleteTier()).isEqualTo(-1);
        long before = Crafted.allocatedBytes();
        assertThatThrownBy(() -> codec.decode(cut, DecodeOptions.tier(0), null))
                .isInstanceOf(LciFormatException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> reader(codec, cut).read(0))
                .isInstanceOf(IIOException.class).hasMessageContaining("truncated");
        // a 20000 x 20000 destination alone would be 1.2 GB
        assertThat(Crafted.allocatedBytes() - before).isLessThan(BOUNDED);
    }

    @Test
    void aTinyFileWithOneHugeTileIsRefusedBeforeTheImageIsAllocated() throws IOException {
        // 22000 x 22000 without a tile grid is one 22016-px tile: within the pixel limit, but over SPEC.md's tile
        // limit (no decoder runs a model on it). Complete (empty) segments, so no truncation check stops it first:
        // ~150 bytes -> 1.45 GB. Refused where the header is read, naming the tile.
        byte[] file = Crafted.file(22_000, 22_000, 0, 0);
        assertThat(file.length).isLessThan(200);
        LciCodec codec = Fixtures.tinyCodec();
        long before = Crafted.allocatedBytes();
        assertThatThrownBy(() -> codec.readInfo(file)).isInstanceOf(LciFormatException.class)
                .hasMessageContaining("one tile of T = 22016");
        assertThatThrownBy(() -> codec.decode(file, DecodeOptions.tier(0), null)).isInstanceOf(IOException.class)
                .hasMessageContaining("tile");
        assertThatThrownBy(() -> reader(codec, file).read(0)).isInstanceOf(IIOException.class).hasMessageContaining("tile");
        assertThat(Crafted.allocatedBytes() - before).isLessThan(BOUNDED);
    }

    static LciImageReader reader(LciCodec codec, byte[] file) {
        LciImageReader r = (LciImageReader) new LciImageReaderSpi().createReaderInstance(null);
        r.setCodec(codec);
        r.setInput(new MemoryCacheImageInputStream(new ByteArrayInputStream(file)));
        return r;
    }

    static byte[] chunk(String type, byte[] data) {
        return org.lci.format.vectors.FileSurgery.chunk(type, data);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}

package org.lci.imageio;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Node;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataFormatImpl;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Native and standard metadata trees; ICC, EXIF and XMP carried through a write and a read. */
class MetadataTest {

    @Test
    void nativeTreeDescribesHeaderTiersAndModel() throws IOException {
        LciImageReader reader = Samples.reader(TestFiles.TILED);
        IIOMetadata metadata = reader.getImageMetadata(0);

        assertThat(metadata.getNativeMetadataFormatName()).isEqualTo(LciMetadataFormat.NATIVE_FORMAT_NAME);
        assertThat(metadata.isReadOnly()).isTrue();
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(LciMetadataFormat.NATIVE_FORMAT_NAME);
        IIOMetadataNode header = child(root, "Header");
        assertThat(header.getAttribute("width")).isEqualTo("160");
        assertThat(header.getAttribute("height")).isEqualTo("112");
        assertThat(header.getAttribute("tileSize")).isEqualTo("64");
        assertThat(header.getAttribute("overlap")).isEqualTo("16");
        assertThat(Float.parseFloat(header.getAttribute("quality"))).isCloseTo(0.75f, org.assertj.core.data.Offset.offset(0.001f));
        assertThat(child(root, "Model").getAttribute("digest")).matches("[0-9a-f]{16}");
        assertThat(child(root, "Model").getAttribute("name")).isNotEmpty();
        IIOMetadataNode tiers = child(root, "Tiers");
        assertThat(tiers.getLength()).isEqualTo(reader.getNumResolutionTiers(0));
        IIOMetadataNode tier0 = (IIOMetadataNode) tiers.item(0);
        IIOMetadataNode tier1 = (IIOMetadataNode) tiers.item(1);
        assertThat(Long.parseLong(tier0.getAttribute("bytes"))).isGreaterThan(Long.parseLong(tier1.getAttribute("bytes")));
        assertThat(metadata.getMetadataFormat(LciMetadataFormat.NATIVE_FORMAT_NAME)).isSameAs(LciMetadataFormat.getInstance());
    }

    @Test
    void standardTreeNamesTheCompression() throws IOException {
        IIOMetadata metadata = Samples.reader(TestFiles.SMALL).getImageMetadata(0);

        Node root = metadata.getAsTree(IIOMetadataFormatImpl.standardMetadataFormatName);
        IIOMetadataNode compression = child((IIOMetadataNode) root, "Compression");
        assertThat(child(compression, "CompressionTypeName").getAttribute("value")).isEqualTo("LCI");
        assertThat(child(compression, "Lossless").getAttribute("value")).isEqualTo("FALSE");
    }

    @Test
    void readMetadataIsReadOnly() throws IOException {
        IIOMetadata metadata = Samples.reader(TestFiles.SMALL).getImageMetadata(0);
        assertThatThrownBy(() -> metadata.mergeTree(LciMetadataFormat.NATIVE_FORMAT_NAME,
                new IIOMetadataNode(LciMetadataFormat.NATIVE_FORMAT_NAME))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void exifXmpAndIccSurviveAWriteAndARead() throws IOException {
        byte[] exif = "MM\u0000*\u0000\u0000\u0000\u0008\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1);
        byte[] xmp = "<x:xmpmeta xmlns:x='adobe:ns:meta/'/>".getBytes(StandardCharsets.UTF_8);
        byte[] icc = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
        BufferedImage picture = Samples.picture(64, 48, BufferedImage.TYPE_INT_RGB);

        ImageWriter writer = ImageIO.getImageWritersByFormatName("lci").next();
        IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(picture), null);
        IIOMetadataNode root = new IIOMetadataNode(LciMetadataFormat.NATIVE_FORMAT_NAME);
        root.appendChild(blob("ICCProfile", icc));
        root.appendChild(blob("EXIF", exif));
        root.appendChild(blob("XMP", xmp));
        metadata.mergeTree(LciMetadataFormat.NATIVE_FORMAT_NAME, root);
        byte[] coded = write(writer, new IIOImage(picture, null, metadata));

        LciMetadata read = (LciMetadata) reader(coded).getImageMetadata(0);
        assertThat(read.iccProfile()).isEqualTo(icc);
        assertThat(read.exif()).isEqualTo(exif);
        assertThat(read.xmp()).isEqualTo(xmp);
    }

    /** A generic transcoder: read a JPEG with its metadata, write LCI with it; EXIF and XMP come along. */
    @Test
    void jpegReadersExifAndXmpAreKept() throws IOException {
        byte[] tiff = "MM\u0000*\u0000\u0000\u0000\u0008\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1);
        byte[] xmp = "<x:xmpmeta xmlns:x='adobe:ns:meta/'/>".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream plainJpeg = new ByteArrayOutputStream();
        ImageIO.write(Samples.picture(48, 32, BufferedImage.TYPE_3BYTE_BGR), "jpeg", plainJpeg);
        byte[] jpeg = withApp1(plainJpeg.toByteArray(), concat("Exif\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1), tiff),
                concat("http://ns.adobe.com/xap/1.0/\u0000".getBytes(StandardCharsets.ISO_8859_1), xmp));

        ImageReader jpegReader = ImageIO.getImageReadersByFormatName("jpeg").next();
        jpegReader.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg)));
        IIOImage transcoded = jpegReader.readAll(0, null);
        byte[] coded = write(ImageIO.getImageWritersByFormatName("lci").next(), transcoded);

        LciMetadata read = (LciMetadata) reader(coded).getImageMetadata(0);
        assertThat(read.exif()).isEqualTo(tiff);
        assertThat(read.xmp()).isEqualTo(xmp);
    }

    @Test
    void imageInAnotherIccSpaceKeepsItsSamplesAndProfile() throws IOException {
        ICC_Profile profile = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB);
        ColorModel model = new ComponentColorModel(new ICC_ColorSpace(profile), false, false,
                ColorModel.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(64, 48);
        BufferedImage picture = Samples.picture(64, 48, BufferedImage.TYPE_3BYTE_BGR);
        raster.setRect(picture.getRaster()); // same samples, now meant in linear RGB
        BufferedImage linear = new BufferedImage(model, raster, false, null);

        byte[] coded = write(ImageIO.getImageWritersByFormatName("lci").next(), new IIOImage(linear, null, null));
        byte[] plain = write(ImageIO.getImageWritersByFormatName("lci").next(), new IIOImage(picture, null, null));

        LciImageReader reader = reader(coded);
        assertThat(((LciMetadata) reader.getImageMetadata(0)).iccProfile()).isEqualTo(profile.getData());
        assertThat(((LciMetadata) reader(plain).getImageMetadata(0)).iccProfile()).isNull();
        // Unconverted samples: the same samples as coding them as sRGB; only the colour space differs.
        BufferedImage decoded = reader.read(0);
        assertThat(decoded.getColorModel().getColorSpace()).isInstanceOf(ICC_ColorSpace.class);
        assertThat(((ICC_ColorSpace) decoded.getColorModel().getColorSpace()).getProfile().getData())
                .isEqualTo(profile.getData());
        BufferedImage decodedPlain = reader(plain).read(0);
        reader.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(plain))); // nothing carried over
        assertThat(reader.read(0).getColorModel().getColorSpace().isCS_sRGB()).isTrue();
        assertThat(decoded.getRaster().getPixels(0, 0, 64, 48, (int[]) null))
                .isEqualTo(decodedPlain.getRaster().getPixels(0, 0, 64, 48, (int[]) null));
    }

    private static LciImageReader reader(byte[] coded) throws IOException {
        LciImageReader reader = (LciImageReader) new LciImageReaderSpi().createReaderInstance();
        reader.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(coded)));
        return reader;
    }

    private static byte[] write(ImageWriter writer, IIOImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, image, null);
        }
        return bytes.toByteArray();
    }

    private static byte[] withApp1(byte[] jpeg, byte[]... payloads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // After SOI and the JFIF APP0 segment, which the JDK's reader wants first.
        int at = 2;
        if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
            at += 2 + ((jpeg[4] & 0xFF) << 8 | jpeg[5] & 0xFF);
        }
        out.write(jpeg, 0, at);
        for (byte[] payload : payloads) {
            out.write(0xFF);
            out.write(0xE1);
            out.write((payload.length + 2) >> 8);
            out.write((payload.length + 2) & 0xFF);
            out.writeBytes(payload);
        }
        out.write(jpeg, at, jpeg.length - at);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static IIOMetadataNode blob(String name, byte[] bytes) {
        IIOMetadataNode node = new IIOMetadataNode(name);
        node.setUserObject(bytes);
        return node;
    }

    private static IIOMetadataNode child(IIOMetadataNode parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals(name)) {
                return (IIOMetadataNode) n;
            }
        }
        throw new AssertionError("no " + name + " under " + parent.getNodeName());
    }
}

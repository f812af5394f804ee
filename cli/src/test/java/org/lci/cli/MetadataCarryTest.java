package org.lci.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** EXIF and XMP of a JPEG travel into the .lci file unless --strip is given. */
class MetadataCarryTest {
    @TempDir
    Path dir;

    @Test
    void jpegExifAndXmpAreKeptAndStripRemovesThem() throws IOException {
        byte[] tiff = "MM\u0000*\u0000\u0000\u0000\u0008\u0000\u0000\u0000\u0000\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1);
        byte[] xmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>".getBytes(StandardCharsets.UTF_8);
        Path jpeg = dir.resolve("photo.jpg");
        Files.write(jpeg, withAppSegments(plainJpeg(), tiff, xmp));

        assertThat(new Cli().run("encode", jpeg.toString(), "-o", dir.resolve("kept.lci").toString())).isZero();
        assertThat(new Cli().run("encode", jpeg.toString(), "--strip", "-o", dir.resolve("stripped.lci").toString())).isZero();

        JsonObject kept = info(dir.resolve("kept.lci")).getAsJsonObject("metadata");
        assertThat(kept.get("exifBytes").getAsInt()).isEqualTo(tiff.length);
        assertThat(kept.get("xmpBytes").getAsInt()).isEqualTo(xmp.length);
        JsonObject stripped = info(dir.resolve("stripped.lci")).getAsJsonObject("metadata");
        assertThat(stripped.get("exifBytes").isJsonNull()).isTrue();
        assertThat(stripped.get("xmpBytes").isJsonNull()).isTrue();

        // --metadata picks: EXIF only
        assertThat(new Cli().run("encode", jpeg.toString(), "--metadata", "exif", "-o",
                dir.resolve("exif.lci").toString())).isZero();
        JsonObject exifOnly = info(dir.resolve("exif.lci")).getAsJsonObject("metadata");
        assertThat(exifOnly.get("exifBytes").getAsInt()).isEqualTo(tiff.length);
        assertThat(exifOnly.get("xmpBytes").isJsonNull()).isTrue();
        Cli bad = new Cli();
        assertThat(bad.run("encode", jpeg.toString(), "--metadata", "gps", "-o", dir.resolve("x.lci").toString()))
                .isEqualTo(2);
        assertThat(bad.err()).contains("--metadata");
    }

    private static JsonObject info(Path lci) {
        Cli cli = new Cli();
        assertThat(cli.run("info", "--json", lci.toString())).isZero();
        return JsonParser.parseString(cli.out()).getAsJsonObject();
    }

    private static byte[] plainJpeg() throws IOException {
        BufferedImage image = new BufferedImage(48, 32, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 48; x++) {
                image.setRGB(x, y, (4 * x) << 16 | (6 * y) << 8 | 128);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    /** Inserts APP1 "Exif" and APP1 XMP segments right after SOI, as cameras and editors do. */
    private static byte[] withAppSegments(byte[] jpeg, byte[] tiff, byte[] xmp) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2); // SOI
        segment(out, concat("Exif\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1), tiff));
        segment(out, concat("http://ns.adobe.com/xap/1.0/\u0000".getBytes(StandardCharsets.ISO_8859_1), xmp));
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static void segment(ByteArrayOutputStream out, byte[] payload) {
        int length = payload.length + 2;
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(payload);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}

package org.lci.server;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.lci.runtime.EncodeOptions;
import org.lci.runtime.LciCodec;
import org.lci.runtime.ProgressListener;

/** A synthetic colour grid (as the IIIF validator uses), coded as LCI, and a small HTTP client. */
final class ServerFixture {
    static final int WIDTH = 1000;
    static final int HEIGHT = 750;
    static final int CELL_W = 100;
    static final int CELL_H = 75;
    static final int TILE = 256;

    private ServerFixture() { }

    /** Cell (i, j) colour: neighbouring cells differ by at least 40 in some channel. */
    static int cellColour(int i, int j) {
        int r = 30 + (i * 97 + j * 41) % 196;
        int g = 30 + (i * 53 + j * 139) % 196;
        int b = 30 + (i * 181 + j * 71) % 196;
        return r << 16 | g << 8 | b;
    }

    static int colourAt(double x, double y) {
        return cellColour((int) (x / CELL_W), (int) (y / CELL_H));
    }

    /** Distance of a full-resolution point to the nearest cell border (or image edge). */
    static double borderDistance(double x, double y) {
        double dx = Math.min(x % CELL_W, CELL_W - x % CELL_W);
        double dy = Math.min(y % CELL_H, CELL_H - y % CELL_H);
        return Math.min(dx, dy);
    }

    static BufferedImage grid() {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                image.setRGB(x, y, colourAt(x, y));
            }
        }
        return image;
    }

    /** Codes the grid with the default model pack in 256-pixel tiles (4 x 3 tiles, 3 tiers). */
    static byte[] gridFile() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LciCodec.shared().encode(grid(), EncodeOptions.builder().quality(0.95).tileSize(TILE)
                .overlap(32).build(), out, ProgressListener.NONE);
        return out.toByteArray();
    }

    static void write(Path dir, String name, byte[] bytes) throws IOException {
        Files.write(dir.resolve(name), bytes);
    }

    static final class Client {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        private final String base;

        Client(String base) {
            this.base = base;
        }

        HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
            return send("GET", path, headers);
        }

        /** Status of a request sent byte for byte (for paths {@link java.net.URI} refuses to build). */
        int rawStatus(String path) throws IOException {
            URI uri = URI.create(base);
            try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write(("GET /" + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                        + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                        java.nio.charset.StandardCharsets.ISO_8859_1)).readLine();
                return Integer.parseInt(status.split(" ")[1]);
            }
        }

        HttpResponse<byte[]> send(String method, String path, String... headers) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path.replace("^", "%5E"))).timeout(Duration.ofSeconds(120))
                    .method(method, HttpRequest.BodyPublishers.noBody());
            for (int i = 0; i < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        }
    }
}

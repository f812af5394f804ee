import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.Random;

/**
 * Draws the bundled sample image "lakeside.png": a synthetic, photo-like landscape (sky gradient, sun,
 * fractal mountains, lake with reflections, textured meadow). Deterministic: the same bytes every run.
 * Run: java testdata/images/SampleScene.java testdata/images/lakeside.png
 */
public class SampleScene {
    static final int W = 384, H = 256;
    static final long SEED = 20261126L;
    static final float[] LATTICE = new float[256 * 256];

    public static void main(String[] args) throws IOException {
        Random random = new Random(SEED);
        for (int i = 0; i < LATTICE.length; i++) {
            LATTICE[i] = random.nextFloat();
        }
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        int horizon = 150;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double[] c = y < horizon ? land(x, y, horizon) : lake(x, y, horizon);
                image.setRGB(x, y, rgb(c));
            }
        }
        ImageIO.write(image, "png", new File(args.length > 0 ? args[0] : "lakeside.png"));
    }

    /** Sky, sun, two mountain ranges and the meadow above the shoreline. */
    static double[] land(int x, int y, int horizon) {
        double t = y / (double) horizon;
        double[] c = mix(new double[] {70, 120, 200}, new double[] {230, 200, 170}, Math.pow(t, 1.6));
        double dx = x - 290, dy = y - 60;
        double d = Math.sqrt(dx * dx + dy * dy);
        double glow = Math.exp(-d / 40.0);
        c = mix(c, new double[] {255, 240, 200}, glow * 0.8);
        if (d < 14) {
            c = new double[] {255, 250, 225};
        }
        c = add(c, 18 * (fbm(x / 60.0, y / 25.0, 4) - 0.5)); // thin clouds
        double far = 95 + 35 * fbm(x / 90.0, 3.1, 5);
        if (y > far) {
            c = mix(new double[] {110, 120, 150}, c, 0.25);
            c = add(c, 20 * (fbm(x / 12.0, y / 12.0, 4) - 0.5));
        }
        double near = 120 + 25 * fbm(x / 50.0 + 7, 1.3, 5);
        if (y > near) {
            double shade = fbm(x / 8.0, y / 8.0, 5);
            c = new double[] {60 + 50 * shade, 85 + 60 * shade, 45 + 30 * shade};
        }
        if (y > horizon - 8) {
            double blade = fbm(x / 2.0, y / 6.0, 3);
            c = new double[] {70 + 90 * blade, 110 + 80 * blade, 40 + 30 * blade};
        }
        return c;
    }

    /** The lake mirrors the land with ripples, darker and bluer with depth. */
    static double[] lake(int x, int y, int horizon) {
        double depth = (y - horizon) / (double) (H - horizon);
        int ripple = (int) Math.round(3 * Math.sin(y * 0.9 + 4 * fbm(x / 30.0, y / 4.0, 3)));
        int mirrorY = Math.max(0, horizon - 1 - (y - horizon));
        double[] c = land(Math.floorMod(x + ripple, W), mirrorY, horizon);
        c = mix(c, new double[] {20, 50, 80}, 0.35 + 0.4 * depth);
        return add(c, 14 * (fbm(x / 5.0, y / 1.5, 3) - 0.5));
    }

    static double fbm(double x, double y, int octaves) {
        double sum = 0, amp = 0.5, norm = 0;
        for (int i = 0; i < octaves; i++) {
            sum += amp * noise(x, y);
            norm += amp;
            x *= 2.03;
            y *= 2.03;
            amp *= 0.5;
        }
        return sum / norm;
    }

    static double noise(double x, double y) {
        int xi = (int) Math.floor(x), yi = (int) Math.floor(y);
        double fx = x - xi, fy = y - yi;
        double sx = fx * fx * (3 - 2 * fx), sy = fy * fy * (3 - 2 * fy);
        double a = lattice(xi, yi), b = lattice(xi + 1, yi), c = lattice(xi, yi + 1), d = lattice(xi + 1, yi + 1);
        return (a + (b - a) * sx) * (1 - sy) + (c + (d - c) * sx) * sy;
    }

    static double lattice(int x, int y) {
        return LATTICE[(x & 255) * 256 + (y & 255)];
    }

    static double[] mix(double[] a, double[] b, double t) {
        return new double[] {a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t};
    }

    static double[] add(double[] c, double v) {
        return new double[] {c[0] + v, c[1] + v, c[2] + v};
    }

    static int rgb(double[] c) {
        int r = (int) Math.max(0, Math.min(255, Math.round(c[0])));
        int g = (int) Math.max(0, Math.min(255, Math.round(c[1])));
        int b = (int) Math.max(0, Math.min(255, Math.round(c[2])));
        return r << 16 | g << 8 | b;
    }
}

package org.lci.reliability;

import org.lci.runtime.DecodeOptions;
import org.lci.runtime.LciCodec;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A mix of encodes and decodes (whole image, coarser tiers, regions; RGB, RGBA, gray; one and several tiles) on one
 * shared codec. {@link #reference()} runs every distinct operation once on one thread; {@link #run} runs
 * {@code threads × opsPerThread} operations at once and checks each result against the reference, bit for bit.
 */
public final class MixedWorkload {
    /** One distinct operation: encode image i, or decode it at a tier (and region). */
    record Op(String name, int image, boolean encode, int tier, Rectangle region) { }

    /** What a run found: operations done, mismatches and errors (as text), wall time. */
    public record Result(int threads, long ops, List<String> problems, long nanos) {
        public double imagesPerSecond() {
            return ops / (nanos / 1e9);
        }
    }

    private final LciCodec codec;
    private final List<BufferedImage> images = new ArrayList<>();
    private final List<double[]> settings = new ArrayList<>(); // quality, tile size, overlap
    private final List<Op> ops = new ArrayList<>();
    private final List<byte[]> encoded = new ArrayList<>();
    private final List<String> expected = new ArrayList<>();

    public MixedWorkload(LciCodec codec) {
        this.codec = codec;
        add(Fixtures.picture(96, 64, BufferedImage.TYPE_3BYTE_BGR, 1), 0.75, 1024, 32);
        add(Fixtures.picture(100, 70, BufferedImage.TYPE_4BYTE_ABGR, 2), 0.4, 64, 16);
        add(Fixtures.picture(64, 64, BufferedImage.TYPE_BYTE_GRAY, 3), 0.9, 1024, 32);
        add(Fixtures.picture(128, 96, BufferedImage.TYPE_INT_RGB, 4), 0.2, 64, 16);
        for (int i = 0; i < images.size(); i++) {
            BufferedImage img = images.get(i);
            ops.add(new Op("encode " + i, i, true, 0, null));
            ops.add(new Op("decode " + i + " tier 0", i, false, 0, null));
            ops.add(new Op("decode " + i + " tier 1", i, false, 1, null));
            ops.add(new Op("decode " + i + " tier 0 region", i, false, 0,
                    new Rectangle(img.getWidth() / 3, img.getHeight() / 4, img.getWidth() / 2, img.getHeight() / 2)));
        }
    }

    private void add(BufferedImage img, double q, int tileSize, int overlap) {
        images.add(img);
        settings.add(new double[] {q, tileSize, overlap});
    }

    /** The reference results, one per distinct operation (digests of encoded bytes or decoded pixels). */
    public List<String> expectedDigests() {
        return List.copyOf(expected);
    }

    /** Number of distinct operations; operation k of a run is {@code ops[k mod size]}. */
    public int distinctOps() {
        return ops.size();
    }

    /** Runs every distinct operation once, on this thread, and keeps the results as the reference. */
    public MixedWorkload reference() throws IOException {
        encoded.clear();
        expected.clear();
        for (int i = 0; i < images.size(); i++) {
            encoded.add(encode(i));
        }
        for (Op op : ops) {
            expected.add(execute(op));
        }
        return this;
    }

    private byte[] encode(int i) throws IOException {
        double[] s = settings.get(i);
        return Fixtures.encode(codec, images.get(i), s[0], (int) s[1], (int) s[2]);
    }

    private String execute(Op op) throws IOException {
        if (op.encode) {
            return digest(encode(op.image));
        }
        DecodeOptions o = DecodeOptions.tier(op.tier);
        if (op.region != null) {
            o = o.withRegion(op.region);
        }
        return digest(codec.decode(encoded.get(op.image), o, null));
    }

    /**
     * Runs {@code threads} threads of {@code opsPerThread} operations each, all started together; thread t runs
     * operations {@code t*7 + j} for j = 0.., so the threads interleave different kinds.
     */
    public Result run(int threads, int opsPerThread) throws InterruptedException {
        if (expected.isEmpty()) {
            throw new IllegalStateException("call reference() first");
        }
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        AtomicLong done = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t * 7;
            Thread w = new Thread(() -> {
                try {
                    start.await();
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int j = 0; j < opsPerThread; j++) {
                    int k = (first + j) % ops.size();
                    Op op = ops.get(k);
                    try {
                        String got = execute(op);
                        if (!got.equals(expected.get(k))) {
                            problems.add(op.name + ": result differs from the single-threaded run");
                        }
                    }
                    catch (Exception | Error e) {
                        problems.add(op.name + ": " + e);
                    }
                    done.incrementAndGet();
                }
            }, "lci-load-" + t);
            workers.add(w);
            w.start();
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        return new Result(threads, done.get(), List.copyOf(problems), System.nanoTime() - t0);
    }

    static String digest(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    static String digest(BufferedImage img) {
        MessageDigest md = sha256();
        ByteBuffer b = ByteBuffer.allocate(4 * img.getWidth() + 8);
        b.putInt(img.getWidth()).putInt(img.getHeight()).putInt(img.getType());
        md.update(b.array(), 0, 12);
        int[] row = new int[img.getWidth()];
        for (int y = 0; y < img.getHeight(); y++) {
            img.getRGB(0, y, row.length, 1, row, 0, row.length);
            b.clear();
            b.asIntBuffer().put(row);
            md.update(b.array(), 0, 4 * row.length);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

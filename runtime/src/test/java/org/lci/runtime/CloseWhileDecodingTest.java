package org.lci.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Closing a codec while 8 threads decode with it: no crash (the native sessions must not be freed under a
 * running call), and every call ends with an image or a clear "closed" error.
 */
class CloseWhileDecodingTest {

    @Test
    void everyCallEndsWithAResultOrAClosedError() throws Exception {
        LciCodec codec = LciCodec.create(CodecOptions.builder().registry(TestPacks.tinyRegistry()).tileThreads(2).build());
        byte[] file = TestPacks.encode(codec, TestPacks.synthetic(300, 200, BufferedImage.TYPE_INT_RGB),
                EncodeOptions.builder().quality(0.7).tileSize(128).overlap(32).build());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch decoded = new CountDownLatch(8);
        List<Future<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(pool.submit(() -> {
                int ok = 0;
                while (true) {
                    try {
                        BufferedImage img = codec.decode(file, DecodeOptions.defaults(), null);
                        assertThat(img.getWidth()).isEqualTo(300);
                        if (ok++ == 0) {
                            decoded.countDown();
                        }
                    } catch (IOException e) {
                        assertThat(e.getMessage()).as("error after close").contains("closed");
                        return ok;
                    }
                }
            }));
        }
        assertThat(decoded.await(60, TimeUnit.SECONDS)).isTrue();
        codec.close();
        for (Future<Integer> f : calls) {
            assertThat(f.get(60, TimeUnit.SECONDS)).isPositive();
        }
        pool.shutdown();
    }
}

package org.lci.spark;

import javax.imageio.spi.IIORegistry;
import org.lci.imageio.LciImageReaderSpi;
import org.lci.imageio.LciImageIO;

/**
 * Makes the LCI ImageIO plugin visible where Spark decodes images. Spark's {@code image} data source decodes with
 * {@code ImageIO.read}, which finds readers through the JVM-wide {@link IIORegistry}. That registry scans the
 * class path once, with the context class loader of the thread that first touches ImageIO; on an executor that
 * got the LCI jar later (through {@code --jars} or {@code --packages}, added to a child class loader) the scan
 * may have happened without it. {@link #register()} adds the plugin explicitly; it is idempotent and cheap.
 * <p>To run it on every executor at start, set {@code spark.plugins=org.lci.spark.LciSparkPlugin}.
 */
public final class LciSpark {
    private LciSpark() { }

    /** Registers the LCI reader and writer with ImageIO in this JVM, unless already there. */
    public static void register() {
        LciImageIO.register();
    }

    /** True when ImageIO in this JVM can read LCI. */
    public static boolean isRegistered() {
        return IIORegistry.getDefaultInstance().getServiceProviderByClass(LciImageReaderSpi.class) != null;
    }
}

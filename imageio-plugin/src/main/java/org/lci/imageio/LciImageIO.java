package org.lci.imageio;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.spi.ImageWriterSpi;

/**
 * Registration for containers that deploy and undeploy applications (servlet containers, OSGi, plugin hosts).
 * ImageIO's registry is JVM-wide: plugin instances registered from an application's class loader stay there
 * after the application stops and keep its class loader (and everything it loaded) alive.
 * <pre>{@code
 * public void contextInitialized(ServletContextEvent e) { LciImageIO.register(); }
 * public void contextDestroyed(ServletContextEvent e)   { LciImageIO.deregister(); }
 * }</pre>
 */
public final class LciImageIO {
    private LciImageIO() { }

    /** Registers the LCI reader and writer of this class loader, unless ImageIO already has them. */
    public static synchronized void register() {
        IIORegistry registry = IIORegistry.getDefaultInstance();
        if (registry.getServiceProviderByClass(LciImageReaderSpi.class) == null) {
            registry.registerServiceProvider(new LciImageReaderSpi());
        }
        if (registry.getServiceProviderByClass(LciImageWriterSpi.class) == null) {
            registry.registerServiceProvider(new LciImageWriterSpi());
        }
    }

    /**
     * Removes the LCI reader and writer loaded by this class loader from ImageIO and closes the codecs the plugin
     * created (ONNX Runtime sessions and thread pools), so the application's class loader can be collected.
     */
    public static synchronized void deregister() {
        IIORegistry registry = IIORegistry.getDefaultInstance();
        List<Object> ours = new ArrayList<>();
        for (Class<?> category : List.of(ImageReaderSpi.class, ImageWriterSpi.class)) {
            Iterator<?> it = registry.getServiceProviders(category, false);
            while (it.hasNext()) {
                Object spi = it.next();
                if (spi instanceof LciImageReaderSpi || spi instanceof LciImageWriterSpi) {
                    ours.add(spi);
                }
            }
        }
        ours.forEach(registry::deregisterServiceProvider);
        Codecs.closeAll();
    }
}

package org.lci.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.tools.ToolProvider;

import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin inside a web application on embedded Tomcat 11: the jars live in WEB-INF/lib (ONNX Runtime, with its
 * native library, in the container's shared class path, as the plugin README asks), a listener registers the
 * plugin at start-up and deregisters it at shutdown ({@code LciImageIO}), a servlet reads an .lci with
 * {@code ImageIO.read}. After undeploying, the application's class loader must be collectable: nothing of LCI (an
 * ImageIO registration, a thread, a codec) may keep it alive.
 */
class ServletContainerTest {
    @TempDir
    Path dir;

    static final String LISTENER = """
            package demo;
            public class Lifecycle implements jakarta.servlet.ServletContextListener {
                public void contextInitialized(jakarta.servlet.ServletContextEvent e) { org.lci.imageio.LciImageIO.register(); }
                public void contextDestroyed(jakarta.servlet.ServletContextEvent e) { org.lci.imageio.LciImageIO.deregister(); }
            }
            """;

    static final String SERVLET = """
            package demo;
            public class Read extends jakarta.servlet.http.HttpServlet {
                protected void doGet(jakarta.servlet.http.HttpServletRequest q, jakarta.servlet.http.HttpServletResponse r)
                        throws java.io.IOException {
                    java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new java.io.File(q.getParameter("file")));
                    boolean own = false; // is the application's own copy of the plugin registered?
                    for (var it = javax.imageio.ImageIO.getImageReadersByFormatName("lci"); it.hasNext(); ) {
                        own |= it.next().getClass().getClassLoader() == Read.class.getClassLoader();
                    }
                    r.getWriter().print(img.getWidth() + "x" + img.getHeight() + " own plugin " + own);
                }
            }
            """;

    static final String WEB_XML = """
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="true">
              <listener><listener-class>demo.Lifecycle</listener-class></listener>
              <servlet><servlet-name>read</servlet-name><servlet-class>demo.Read</servlet-class></servlet>
              <servlet-mapping><servlet-name>read</servlet-name><url-pattern>/read</url-pattern></servlet-mapping>
            </web-app>
            """;

    @Test
    void undeployedApplicationLeavesNothingBehind() throws Exception {
        Path app = Files.createDirectories(dir.resolve("app"));
        Path lib = Files.createDirectories(app.resolve("WEB-INF/lib"));
        // The web application carries the LCI jars; ONNX Runtime (native code) comes from the container.
        List<Path> webAppJars = ClassPathJars.named(ClassPathJars.IMAGEIO_PLUGIN);
        for (Path jar : webAppJars) {
            Files.copy(jar, lib.resolve(jar.getFileName()));
        }
        List<String> compileClassPath = new ArrayList<>(List.of(ClassPathJars.join(webAppJars),
                ClassPathJars.join(ClassPathJars.named(List.of("tomcat-embed-core-")))));
        Path src = Files.createDirectories(dir.resolve("src/demo"));
        Files.writeString(src.resolve("Lifecycle.java"), LISTENER);
        Files.writeString(src.resolve("Read.java"), SERVLET);
        Files.writeString(app.resolve("WEB-INF/web.xml"), WEB_XML);
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", app.resolve("WEB-INF/classes").toString(),
                "-cp", String.join(File.pathSeparator, compileClassPath), src.resolve("Lifecycle.java").toString(),
                src.resolve("Read.java").toString())).isZero();
        Path image = dir.resolve("x.lci");
        ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "lci", image.toFile());

        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(dir.resolve("tomcat").toString());
        tomcat.setPort(0);
        tomcat.getConnector();
        WeakReference<ClassLoader> appLoader;
        try {
            tomcat.start();
            Context context = tomcat.addWebapp("/app", app.toString());
            int port = tomcat.getConnector().getLocalPort();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + port + "/app/read?file=" + image.toUri().getPath())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("40x30 own plugin true");
            appLoader = new WeakReference<>(context.getLoader().getClassLoader());
            tomcat.getHost().removeChild(context); // undeploy: stops the context (contextDestroyed runs)
            context.destroy();
        }
        finally {
            tomcat.stop();
            tomcat.destroy();
        }
        for (Iterator<ImageReaderSpi> it = IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class,
                false); it.hasNext(); ) {
            assertThat(it.next().getClass().getClassLoader()).as("an ImageIO reader of the undeployed application")
                    .isNotSameAs(appLoader.get());
        }
        for (int i = 0; i < 50 && appLoader.get() != null; i++) {
            System.gc();
            Thread.sleep(100);
        }
        assertThat(appLoader.get()).as("the undeployed application's class loader was collected").isNull();
    }
}

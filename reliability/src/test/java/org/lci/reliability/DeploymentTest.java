package org.lci.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tiny applications that write and read .lci through ImageIO, deployed as users deploy them:
 * <ul>
 *   <li>on the module path only (module-info, no class path): the plugin, runtime, format library and model pack
 *       resolve as the named modules their jars declare (Automatic-Module-Name), and ImageIO finds the plugin
 *       through the module system's service binding;</li>
 *   <li>with one shaded fat jar ({@code cli/target/lci.jar}, Maven Shade with the ServicesResourceTransformer):
 *       the merged service files still register the plugin;</li>
 *   <li>in a custom runtime made by {@code jlink} from the JDK modules that {@code jdeps} finds the jars need, with
 *       the jars on that runtime's module path. (jlink itself takes explicit modules only; ONNX Runtime, Commons
 *       Compress' dependencies and TwelveMonkeys ship automatic modules, so the jars stay outside the image.)</li>
 * </ul>
 */
class DeploymentTest {
    @TempDir
    Path dir;

    @Test
    void modularAppReadsAndWritesLci() throws Exception {
        List<String> modulePath = pluginJars();
        String mp = modularApp() + File.pathSeparator + String.join(File.pathSeparator, modulePath);
        String output = run(javaIn(Path.of(System.getProperty("java.home"))), modulePath, "--module-path", mp,
                "--add-modules", "ALL-MODULE-PATH", "-m", "lci.demo/demo.Main", dir.resolve("x.lci").toString());
        assertThat(output).contains("read 64x48 by module org.lci.imageio", "app module named: true");
    }

    @Test
    void modularAppRunsOnAJlinkRuntime() throws Exception {
        List<String> modulePath = pluginJars();
        java.util.spi.ToolProvider jdeps = java.util.spi.ToolProvider.findFirst("jdeps").orElse(null);
        java.util.spi.ToolProvider jlink = java.util.spi.ToolProvider.findFirst("jlink").orElse(null);
        assumeTrue(jdeps != null && jlink != null, "this JDK has no jdeps/jlink");
        List<String> jdepsArgs = new ArrayList<>(List.of("--print-module-deps", "--ignore-missing-deps",
                "--multi-release", "17"));
        jdepsArgs.addAll(modulePath);
        java.io.StringWriter deps = new java.io.StringWriter();
        assertThat(jdeps.run(new java.io.PrintWriter(deps), new java.io.PrintWriter(System.err),
                jdepsArgs.toArray(String[]::new))).isZero();
        String modules = deps.toString().strip();
        assertThat(modules).contains("java.desktop");
        Path image = dir.resolve("runtime");
        java.io.StringWriter log = new java.io.StringWriter();
        int rc = jlink.run(new java.io.PrintWriter(log), new java.io.PrintWriter(log), "--add-modules", modules,
                "--output", image.toString(), "--strip-debug", "--no-header-files", "--no-man-pages");
        assertThat(rc).as(log.toString()).isZero();
        String mp = modularApp() + File.pathSeparator + String.join(File.pathSeparator, modulePath);
        String output = run(javaIn(image), modulePath, "--module-path", mp, "--add-modules", "ALL-MODULE-PATH",
                "-m", "lci.demo/demo.Main", dir.resolve("j.lci").toString());
        assertThat(output).contains("read 64x48 by module org.lci.imageio", "app module named: true");
        // the image holds the JDK modules jdeps named (and what they require), not the whole JDK
        assertThat(Files.readString(image.resolve("release"))).doesNotContain("java.compiler", "jdk.jshell");
    }

    /** The plugin's jars and their dependencies, ONNX Runtime included. */
    private static List<String> pluginJars() {
        List<String> prefixes = new ArrayList<>(ClassPathJars.IMAGEIO_PLUGIN);
        prefixes.add(ClassPathJars.ONNX_RUNTIME);
        return ClassPathJars.named(prefixes).stream().map(Path::toString).toList();
    }

    /** Compiles the demo as module lci.demo (it requires java.desktop only); returns its class folder. */
    private Path modularApp() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/demo"));
        Files.writeString(dir.resolve("src/module-info.java"), "module lci.demo { requires java.desktop; }\n");
        Files.writeString(src.resolve("Main.java"), APP);
        Path out = dir.resolve("out");
        if (!Files.isDirectory(out)) {
            int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", out.toString(),
                    dir.resolve("src/module-info.java").toString(), src.resolve("Main.java").toString());
            assertThat(rc).isZero();
        }
        return out;
    }

    private static String javaIn(Path home) {
        return home.resolve("bin").resolve("java").toString();
    }

    @Test
    void shadedFatJarKeepsThePluginRegistered() throws Exception {
        Path root = Fixtures.repoRoot();
        Path fat = root.resolve("cli/target/lci.jar");
        assumeTrue(Files.isRegularFile(fat), "cli/target/lci.jar not built (run mvn verify from the root)");
        Path src = Files.createDirectories(dir.resolve("plain/demo"));
        Files.writeString(src.resolve("Main.java"), APP);
        Path out = dir.resolve("plain-out");
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", out.toString(),
                src.resolve("Main.java").toString())).isZero();
        String output = run(javaIn(Path.of(System.getProperty("java.home"))), List.of(fat.toString()), "-cp",
                out + File.pathSeparator + fat, "demo.Main", dir.resolve("y.lci").toString());
        assertThat(output).contains("read 64x48 by module null", "app module named: false");
    }

    private static String run(String java, List<String> deployed, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(java, "-Djava.awt.headless=true"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output + "\ndeployed: " + deployed.stream().map(e -> Path.of(e).getFileName()
                .toString()).collect(Collectors.joining(", "))).isZero();
        return output;
    }

    static final String APP = """
                package demo;
                import java.awt.image.BufferedImage;
                import java.io.File;
                import javax.imageio.ImageIO;
                public class Main {
                    public static void main(String[] args) throws Exception {
                        File f = new File(args[0]);
                        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
                        img.setRGB(10, 10, 0xff8040);
                        if (!ImageIO.write(img, "lci", f)) throw new IllegalStateException("no lci writer");
                        BufferedImage back = ImageIO.read(f);
                        System.out.println("read " + back.getWidth() + "x" + back.getHeight() + " by module "
                                + ImageIO.getImageReadersByFormatName("lci").next().getClass().getModule().getName());
                        System.out.println("app module named: " + Main.class.getModule().isNamed());
                    }
                }
                """;
}

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
 *       the merged service files still register the plugin.</li>
 * </ul>
 * (A jlink image is not possible yet: jlink takes explicit modules only, and ONNX Runtime, Commons Compress'
 * dependencies and TwelveMonkeys ship automatic modules.)
 */
class DeploymentTest {
    @TempDir
    Path dir;

    @Test
    void modularAppReadsAndWritesLci() throws Exception {
        List<String> modulePath = new ArrayList<>();
        List<String> prefixes = new ArrayList<>(ClassPathJars.IMAGEIO_PLUGIN);
        prefixes.add(ClassPathJars.ONNX_RUNTIME);
        ClassPathJars.named(prefixes).forEach(p -> modulePath.add(p.toString()));
        Path src = Files.createDirectories(dir.resolve("src/demo"));
        Files.writeString(dir.resolve("src/module-info.java"), "module lci.demo { requires java.desktop; }\n");
        Files.writeString(src.resolve("Main.java"), APP);
        Path out = dir.resolve("out");
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", out.toString(),
                dir.resolve("src/module-info.java").toString(), src.resolve("Main.java").toString());
        assertThat(rc).isZero();
        String mp = out + File.pathSeparator + String.join(File.pathSeparator, modulePath);
        String output = run(modulePath, "--module-path", mp, "--add-modules", "ALL-MODULE-PATH", "-m", "lci.demo/demo.Main",
                dir.resolve("x.lci").toString());
        assertThat(output).contains("read 64x48 by module org.lci.imageio", "app module named: true");
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
        String output = run(List.of(fat.toString()), "-cp", out + File.pathSeparator + fat, "demo.Main",
                dir.resolve("y.lci").toString());
        assertThat(output).contains("read 64x48 by module null", "app module named: false");
    }

    private static String run(List<String> deployed, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true"));
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

package io.transfer4j.samples.tools;

import io.transfer4j.transfer.data.FashionMnist;
import io.transfer4j.transfer.data.ImageFolderExport;
import java.nio.file.Path;

/**
 * Writes Fashion-MNIST (the installed full set, else the embedded subset) as image folders,
 * {@code <output dir>/train/<class>/*.png} and {@code <output dir>/test/<class>/*.png}, to try the folder pipeline
 * ({@code ImageFolder}, {@code ./transfer4j finetune --data}) on real pictures; {@link ImageFolderExport} does the
 * writing. A tool, so it lives in the samples, not in the data library. From the repository root:
 *
 * <pre>
 * mvn -B -q -o compile dependency:build-classpath -pl samples -am -Dmdep.outputFile=target/bench.cp
 * java -cp samples/target/classes:$(cat samples/target/bench.cp) io.transfer4j.samples.tools.FashionMnistFolders \
 *     fashion 100      # 100 PNGs per class and split; all images without the count
 * </pre>
 */
public final class FashionMnistFolders {
    private FashionMnistFolders() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: FashionMnistFolders <output dir> [images per class]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        int perClass = args.length == 2 ? perClass(args[1]) : Integer.MAX_VALUE;
        FashionMnist fm = FashionMnist.locate();
        System.out.println("Fashion-MNIST from " + fm.source());
        System.out.println("train: " + ImageFolderExport.write(fm.train(), out.resolve("train"), perClass) + " PNG files in " + out.resolve("train"));
        System.out.println("test: " + ImageFolderExport.write(fm.test(), out.resolve("test"), perClass) + " PNG files in " + out.resolve("test"));
    }

    private static int perClass(String arg) {
        try {
            int n = Integer.parseInt(arg);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the usage error
        }
        System.err.println("error: [images per class] must be a positive whole number, got '" + arg + "'");
        System.exit(2);
        return 0;
    }
}

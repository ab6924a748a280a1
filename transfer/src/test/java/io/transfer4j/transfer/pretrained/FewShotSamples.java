package io.transfer4j.transfer.pretrained;

import io.transfer4j.transfer.data.FashionMnist;
import io.transfer4j.transfer.data.LabeledImages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the few-shot samples {@link FewShotFashionMnistTest} trains on (seed by seed) for the PyTorch
 * cross-check {@code transfer/src/test/python/fewshot_reference.py}: per seed, {@code seed<N>.bin} holds the
 * 25 images as little-endian float32 pixels in 0..1 (row-major 28×28) followed by their int32 labels 0-4.
 *
 * <pre>
 * mvn -q -o test-compile -pl transfer -am
 * java -cp transfer/target/test-classes:transfer/target/classes:... io.transfer4j.transfer.pretrained.FewShotSamples target/fewshot-samples 6
 * </pre>
 */
public final class FewShotSamples {
    private FewShotSamples() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "target/fewshot-samples"));
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : FewShotFashionMnistTest.SEEDS.length;
        LabeledImages train = FashionMnist.at(Path.of("/usr/share/datasets/fashion-mnist")).train()
                .filterClasses(FewShotFashionMnistTest.NEW_CLASSES).scaled(1 / 255.0);
        for (long seed = 1; seed <= seeds; seed++) {
            LabeledImages few = train.sample(FewShotFashionMnistTest.SHOTS, seed);
            ByteBuffer bb = ByteBuffer.allocate(few.size() * (28 * 28 + 1) * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] row : few.features().reshape(few.size(), 28 * 28).toFloatMatrix()) {
                for (float v : row) {
                    bb.putFloat(v);
                }
            }
            for (int label : few.labels()) {
                bb.putInt(label);
            }
            Files.write(dir.resolve("seed" + seed + ".bin"), bb.array());
        }
        System.out.println("wrote " + seeds + " samples to " + dir.toAbsolutePath());
        System.exit(0);   // ND4J leaves non-daemon threads behind
    }
}

package io.transfer4j.zoo.weights;

import io.transfer4j.dsl.Network;
import io.transfer4j.zoo.Zoo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;

/**
 * Prints how long a full-size ResNet50 Keras file takes to read and load (not a test: run it by hand), and
 * compares the loader's bulk reads with DL4J's {@code Hdf5Archive.readDataSet} (element by element).
 * {@code java -cp <test classpath> io.transfer4j.zoo.weights.KerasLoadBenchmark [repetitions]}
 */
public final class KerasLoadBenchmark {
    private KerasLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path dir = Files.createTempDirectory("t4j-keras-bench");
        Path f = dir.resolve("resnet50.h5");
        try (KerasH5Writer w = new KerasH5Writer(f)) {
            KerasFullSizeTest.resnet50().forEach(s -> w.layer(s.layer(), s.arrays(), KerasFullSizeTest.FORMULA));
        }
        Network net = Zoo.resnet50().build();
        net.graph();
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            try (KerasH5File k = KerasH5File.open(f)) {
                for (KerasH5File.Layer l : k.weightLayers()) {
                    for (int i = 0; i < l.arrays().size(); i++) {
                        k.read(l, i);
                    }
                }
            }
            long t1 = System.nanoTime();
            try (KerasH5File k = KerasH5File.open(f); Hdf5Archive h = new Hdf5Archive(f.toString())) {
                for (KerasH5File.Layer l : k.weightLayers()) {
                    for (KerasH5File.Array a : l.arrays()) {
                        String[] parts = a.name().split("/");
                        h.readDataSet(parts[1], l.name(), parts[0]);
                    }
                }
            }
            long t2 = System.nanoTime();
            KerasWeightsLoader.load(f, net, LoadOptions.strict());
            long t3 = System.nanoTime();
            System.out.printf("ResNet50 (25.6M values, %d MB): bulk read %.2f s, Hdf5Archive.readDataSet %.2f s, full strict load %.2f s%n",
                    Files.size(f) >> 20, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
        }
        Files.delete(f);
        Files.delete(dir);
    }
}

package io.transfer4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.transfer4j.transfer.onnx.Engine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One Classifier shared by 8 threads, 50 predictions each: every result equals the single-threaded one. */
class ClassifierThreadsTest {
    private static final List<String> LABELS = List.of("a", "b", "c", "d", "e");
    private static final int THREADS = 8;
    private static final int PER_THREAD = 50;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = Engine.Kind.class, names = {"DL4J", "ONNX_RUNTIME"})
    void eightThreadsGetTheSingleThreadedResults(Engine.Kind kind) throws Exception {
        TransferModel m = TransferModel.from(Nets.small(4)).newHead(Head.labels(LABELS).seed(5)).freezeUpTo("gap");
        Nets.fit(m.graph(), Nets.randomData(9, 20, LABELS.size()), 3);
        Path file = dir.resolve("five.zip");
        m.save(file);
        Nd4j.getRandom().setSeed(21);
        List<INDArray> images = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            images.add(Nd4j.rand(DataType.FLOAT, 1, 3, 8, 8).muli(255));
        }
        List<List<Prediction>> expected = new ArrayList<>();
        try (Classifier alone = Classifier.load(file).engine(kind, dir.resolve("alone"))) {
            for (INDArray img : images) {
                expected.add(alone.predict(img.dup(), 3));
            }
        }
        // A fresh classifier, so the threads also race for its lazily made parts (BN-folded copy, ONNX export and session).
        CountDownLatch start = new CountDownLatch(1);
        try (Classifier c = Classifier.load(file).engine(kind, dir.resolve("shared"))) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<List<List<Prediction>>>> runs = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int offset = t;
                    Callable<List<List<Prediction>>> job = () -> {
                        List<List<Prediction>> got = new ArrayList<>();
                        start.await();
                        for (int i = 0; i < PER_THREAD; i++) {
                            got.add(c.predict(images.get((i + offset) % images.size()).dup(), 3));
                        }
                        return got;
                    };
                    runs.add(pool.submit(job));
                }
                start.countDown();
                for (int t = 0; t < THREADS; t++) {
                    List<List<Prediction>> got = runs.get(t).get();
                    for (int i = 0; i < PER_THREAD; i++) {
                        List<Prediction> want = expected.get((i + t) % images.size());
                        List<Prediction> actual = got.get(i);
                        assertEquals(want.stream().map(Prediction::index).toList(), actual.stream().map(Prediction::index).toList(),
                                kind + " thread " + t + " prediction " + i);
                        for (int k = 0; k < want.size(); k++) {
                            assertEquals(want.get(k).probability(), actual.get(k).probability(), 1e-6,
                                    kind + " thread " + t + " prediction " + i);
                        }
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}

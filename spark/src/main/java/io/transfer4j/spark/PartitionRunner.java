package io.transfer4j.spark;

import io.transfer4j.transfer.data.BadFilePolicy;
import io.transfer4j.transfer.onnx.Engine;
import io.transfer4j.zoo.Preprocessing;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a model over one partition, batch by batch, on the executor's shared ONNX Runtime session: reads each
 * row's image, preprocesses a batch as the single-machine path does, runs it, and emits the input row extended by
 * what {@link RowOutput} makes of each output. Rows are pulled lazily, so a partition never sits in memory whole.
 * A row whose image cannot be used stops the task with its path ({@link BadFilePolicy#FAIL}), or is left out,
 * logged and counted once per input partition ({@link BadFilePolicy#SKIP_WITH_WARNING}, {@link SkipCount}).
 */
final class PartitionRunner implements Function2<Integer, Iterator<Row>, Iterator<Row>> {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionRunner.class);

    /** Turns one input row and the model's output for it into the output row. */
    @FunctionalInterface
    interface RowOutput extends Serializable {
        Row make(Row input, float[] output);
    }

    private final ModelSpec spec;
    private final ImageRows.Kind kind;
    private final int column;
    private final int pathColumn;
    private final int batchSize;
    private final BadFilePolicy policy;
    private final SkipCount skipped;
    private final RowOutput output;

    PartitionRunner(ModelSpec spec, ImageRows.Kind kind, int column, int pathColumn, int batchSize, BadFilePolicy policy,
                    SkipCount skipped, RowOutput output) {
        this.spec = spec;
        this.kind = kind;
        this.column = column;
        this.pathColumn = pathColumn;
        this.batchSize = batchSize;
        this.policy = policy;
        this.skipped = skipped;
        this.output = output;
    }

    @Override
    public Iterator<Row> call(Integer partition, Iterator<Row> rows) {
        Engine engine = ExecutorModels.engine(spec);
        Preprocessing pre = spec.preprocessing();
        return new Iterator<>() {
            private final Deque<Row> ready = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                while (ready.isEmpty() && rows.hasNext()) {
                    nextBatch(partition, rows, engine, pre, ready);
                }
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.poll();
            }
        };
    }

    private void nextBatch(int partition, Iterator<Row> rows, Engine engine, Preprocessing pre, Deque<Row> ready) {
        List<Row> in = new ArrayList<>(batchSize);
        List<INDArray> images = new ArrayList<>(batchSize);
        while (in.size() < batchSize && rows.hasNext()) {
            Row row = rows.next();
            String origin = ImageRows.origin(row, kind, column, pathColumn);
            try {
                images.add(ImageRows.read(row, kind, column, origin, pre.height(), pre.width(), pre.channels()));
                in.add(row);
            } catch (IOException | RuntimeException e) {
                if (policy == BadFilePolicy.FAIL) {
                    throw new BadImageException(origin + ": " + e.getMessage() + " (badImagePolicy=fail; set it to skip to"
                            + " leave such rows out, counted and logged)", e);
                }
                skipped.add(partition);
                LOG.warn("skipped {}: {}", origin, e.getMessage());
            }
        }
        if (in.isEmpty()) {
            return;
        }
        INDArray batch = pre.apply(Nd4j.concat(0, images.toArray(INDArray[]::new)).castTo(DataType.FLOAT));
        INDArray y = engine.output(batch);
        INDArray flat = y.reshape('c', y.size(0), y.length() / y.size(0));
        for (int i = 0; i < in.size(); i++) {
            ready.add(output.make(in.get(i), flat.getRow(i).toFloatVector()));
        }
    }
}

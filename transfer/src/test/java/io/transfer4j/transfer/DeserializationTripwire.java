package io.transfer4j.transfer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;

/**
 * Stands for a Java-deserialization gadget hidden in a model file: its readObject is code that runs while
 * DL4J's ModelSerializer reads a {@code preprocessor.bin} entry. Tests count how often it ran.
 */
public final class DeserializationTripwire implements DataSetPreProcessor {
    public static final AtomicInteger READS = new AtomicInteger();
    private static final long serialVersionUID = 1L;

    /** The serialized bytes of a tripwire, the content of the planted entry. */
    public static byte[] serialized() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
            o.writeObject(new DeserializationTripwire());
        }
        return bytes.toByteArray();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        READS.incrementAndGet();
        in.defaultReadObject();
    }

    @Override
    public void preProcess(DataSet ds) {
    }
}

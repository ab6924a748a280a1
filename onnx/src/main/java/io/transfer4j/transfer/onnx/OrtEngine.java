package io.transfer4j.transfer.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ONNX Runtime over an exported file, on the process's shared session for that file ({@link OrtSessions}: intra-op
 * threads = cores, all graph optimizations). Every ORT call runs on {@link OrtThread} (a large stack; see there why).
 */
final class OrtEngine implements Engine {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final String output;
    private final Path file;
    private boolean closed;

    OrtEngine(Path onnxFile, String output) {
        this.output = output;
        this.file = onnxFile;
        this.env = OrtThread.call(OrtEnvironment::getEnvironment);
        this.session = OrtThread.call(() -> OrtSessions.acquire(env, onnxFile));
        this.inputName = session.getInputNames().iterator().next();
    }

    @Override
    public INDArray output(INDArray input) {
        INDArray x = input.castTo(DataType.FLOAT).dup('c');
        return OrtThread.call(() -> run(x, input));
    }

    private INDArray run(INDArray x, INDArray input) {
        // the array's own memory, in bulk (asFloat() would copy it element by element)
        FloatBuffer in = x.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().limit((int) x.length());
        try (OnnxTensor t = OnnxTensor.createTensor(env, in, x.shape());
             OrtSession.Result r = session.run(Map.of(inputName, t))) {
            OnnxTensor y = (OnnxTensor) r.get(output).orElseThrow();
            long[] shape = y.getInfo().getShape();
            FloatBuffer fb = y.getFloatBuffer();
            float[] data = new float[fb.remaining()];
            fb.get(data);
            return Nd4j.create(data, shape, 'c');
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on input " + java.util.Arrays.toString(input.shape())
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Kind kind() {
        return Kind.ONNX_RUNTIME;
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            OrtThread.call(() -> {
                OrtSessions.release(session);
                return null;
            });
        }
    }
}

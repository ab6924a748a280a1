package io.transfer4j.transfer.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** ONNX Runtime session over an exported file: intra-op threads = cores, all graph optimizations. */
final class OrtEngine implements Engine {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String inputName;
    private final String output;

    OrtEngine(Path onnxFile, String output) {
        this.output = output;
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(onnxFile.toString(), opts);
            inputName = session.getInputNames().iterator().next();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load " + onnxFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public INDArray output(INDArray input) {
        INDArray x = input.castTo(DataType.FLOAT).dup('c');
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data().asFloat()), x.shape());
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
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}

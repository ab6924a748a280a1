package io.transfer4j.transfer.explain;

import io.transfer4j.dsl.Layers;
import io.transfer4j.transfer.TransferModel;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Plain class activation maps (Zhou et al. 2016) for models that end in global average pooling followed by the
 * output layer (ResNet, DenseNet, GoogLeNet, a DSL net with {@code globalAvgPool().output(n)}): the class's output
 * weights {@code w_kc} weigh the feature maps {@code f_k} before the pooling, {@code CAM_c = sum_k w_kc f_k}. No
 * gradient is needed; for such models Grad-CAM at the pooled layer gives the same map divided by its number of
 * cells. {@link #scoreMap} is the signed map (its mean plus the class's bias is the class score before the softmax);
 * {@link #heatmap} keeps the positive evidence, as Grad-CAM does.
 *
 * <pre>{@code
 * Heatmap h = ClassActivationMap.of(model).heatmap(Path.of("cat.jpg"), 281);
 * Pictures.write(Pictures.overlay(Pictures.image(ModelImages.raw(model, Path.of("cat.jpg"))), h, "tabby"), Path.of("cam.png"));
 * }</pre>
 */
public final class ClassActivationMap {
    private final TransferModel model;
    private final String featureLayer;
    private final String outputLayer;

    private ClassActivationMap(TransferModel model, String featureLayer, String outputLayer) {
        this.model = model;
        this.featureLayer = featureLayer;
        this.outputLayer = outputLayer;
    }

    /** CAM for {@code model}; an error naming the layer in the way when the output is not global average pooling then the output layer. */
    public static ClassActivationMap of(TransferModel model) {
        ComputationGraphConfiguration conf = model.graph().getConfiguration();
        String out = conf.getNetworkOutputs().get(0);
        if (!(layer(conf, out) instanceof BaseOutputLayer)) {
            throw new IllegalArgumentException("model '" + model.name() + "': CAM needs a dense output layer last, '" + out
                    + "' is " + describe(conf, out) + "; use Grad-CAM (GradCam) for this model");
        }
        String v = single(conf, out, model);
        while (layer(conf, v) instanceof DropoutLayer) {   // dropout is the identity at inference
            v = single(conf, v, model);
        }
        if (!(layer(conf, v) instanceof GlobalPoolingLayer gp) || gp.getPoolingType() != PoolingType.AVG) {
            throw new IllegalArgumentException("model '" + model.name() + "': CAM needs global average pooling right before the"
                    + " output layer '" + out + "', but '" + v + "' (" + describe(conf, v) + ") is there; use Grad-CAM (GradCam),"
                    + " which works on any head");
        }
        return new ClassActivationMap(model, single(conf, v, model), out);
    }

    /** The feature map the pooling averages ({@code conv5_block3_out} in ResNet50). */
    public String featureLayer() {
        return featureLayer;
    }

    /** The heatmap of class {@code classIndex} for an image file (resized and preprocessed as the model expects). */
    public Heatmap heatmap(Path image, int classIndex) {
        return heatmap(ModelImages.input(model, ModelImages.raw(model, image)), classIndex);
    }

    /** The heatmap (positive part of {@link #scoreMap}) for one preprocessed input {@code [1, c, h, w]}. */
    public Heatmap heatmap(INDArray input, int classIndex) {
        double[][] m = scoreMap(input, classIndex);
        for (double[] row : m) {
            for (int x = 0; x < row.length; x++) {
                row[x] = Math.max(0, row[x]);
            }
        }
        double p = model.graph().outputSingle(false, input).getDouble(0, classIndex);
        return new Heatmap(featureLayer, classIndex, p, m);
    }

    /** {@code sum_k w_kc f_k} at each cell of the feature map, signed. */
    public double[][] scoreMap(INDArray input, int classIndex) {
        int classes = model.classCount();
        if (classIndex < 0 || classIndex >= classes) {
            throw new IllegalArgumentException("class " + classIndex + " is out of range: model '" + model.name() + "' has "
                    + classes + " classes (0.." + (classes - 1) + ")");
        }
        if (input.rank() != 4 || input.size(0) != 1) {
            throw new IllegalArgumentException("CAM takes one image [1, c, h, w], got " + java.util.Arrays.toString(input.shape()));
        }
        INDArray f = model.graph().feedForward(input, false).get(featureLayer).slice(0);     // [k, h, w]
        INDArray w = model.graph().getLayer(outputLayer).getParam("W").getColumn(classIndex); // [k]
        INDArray cam = f.reshape(f.size(0), f.size(1) * f.size(2)).transpose().mmul(w.reshape(w.length(), 1))
                .reshape(f.size(1), f.size(2));
        double[][] m = new double[(int) f.size(1)][(int) f.size(2)];
        for (int y = 0; y < m.length; y++) {
            for (int x = 0; x < m[0].length; x++) {
                m[y][x] = cam.getDouble(y, x);
            }
        }
        return m;
    }

    private static Layer layer(ComputationGraphConfiguration conf, String name) {
        GraphVertex v = conf.getVertices().get(name);
        return v instanceof LayerVertex lv ? Layers.unwrapFrozen(lv.getLayerConf().getLayer()) : null;
    }

    private static String describe(ComputationGraphConfiguration conf, String name) {
        Layer l = layer(conf, name);
        GraphVertex v = conf.getVertices().get(name);
        return l != null ? l.getClass().getSimpleName() : v == null ? "the input" : v.getClass().getSimpleName();
    }

    /** The one vertex {@code name} reads; an error when it reads several (a merge: not a plain pooled head). */
    private static String single(ComputationGraphConfiguration conf, String name, TransferModel model) {
        List<String> in = conf.getVertexInputs().get(name);
        if (in == null || in.size() != 1) {
            throw new IllegalArgumentException("model '" + model.name() + "': CAM needs a chain feature map -> global average"
                    + " pooling -> output layer, but '" + name + "' reads " + in + "; use Grad-CAM (GradCam)");
        }
        return in.get(0);
    }
}

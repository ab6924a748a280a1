package io.transfer4j.dsl;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * A fully connected layer; with a loss it is the network's output layer. An image input is flattened
 * implicitly (channels-first order, as DL4J does).
 */
final class DenseSpec extends LayerSpec {
    final int units;
    final LossFunction loss;
    boolean bias = true;
    IActivation activation;

    DenseSpec(int units, Activation activation, LossFunction loss) {
        this.units = positive(loss == null ? "dense units" : "output classes", units);
        this.activation = activation.getActivationFunction();
        this.loss = loss;
    }

    /** The classification head: softmax over {@code classes}, trained with cross-entropy. */
    static DenseSpec classifier(int classes) {
        if (classes == 1) {
            throw new IllegalArgumentException("output classes must be >= 2 (a softmax over one class is always 1);"
                    + " for one value use regression(1)");
        }
        return new DenseSpec(classes, Activation.SOFTMAX, LossFunction.MCXENT);
    }

    @Override
    boolean hasParams() {
        return true;
    }

    @Override
    String kind() {
        return loss == null ? "dense" : "output";
    }

    @Override
    Shape outputShape(String name, List<Shape> in) {
        return Shape.flat(units);
    }

    @Override
    Layer layer(List<Shape> in) {
        int nIn = single(in).size();
        if (loss != null) {
            return new OutputLayer.Builder(loss).nIn(nIn).nOut(units).hasBias(bias).activation(activation).build();
        }
        return new DenseLayer.Builder().nIn(nIn).nOut(units).hasBias(bias).activation(activation).build();
    }
}

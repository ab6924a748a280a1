package io.transfer4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.CopyingActivationLayer;
import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Shape;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;

/** Issue 25: a format-1 file with DL4J's softmax on a feature map loads with a note naming the layer. */
class FormatNotesTest {

    @Test
    void formatOneSoftmaxOverTheWidthIsNamedAndNothingElse() {
        Network.builder("natives-first").inputVector(1).dense(1).build();   // natives chosen before ND4J runs
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(4, 4, 2))
                .addLayer("scores", new ConvolutionLayer.Builder(1, 1).nOut(3).build(), "in")
                .addLayer("probs", new CopyingActivationLayer(new ActivationSoftmax()), "scores")
                .setOutputs("probs").build();
        List<String> notes = FormatNotes.of(1, conf, List.of(Shape.image(4, 4, 2)));
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("'probs'") && notes.get(0).contains("over the width")
                && notes.get(0).contains("SoftmaxAxis.WIDTH"), notes.get(0));
        assertEquals(List.of(), FormatNotes.of(2, conf, List.of(Shape.image(4, 4, 2))));
        // A softmax on a vector (every zoo head) means the same in both formats: no note.
        Network vector = Network.builder("v").input(4, 4, 2).flatten().output(3).build();
        assertEquals(List.of(), FormatNotes.of(1, vector.conf(), vector.inputShapes()));
    }
}

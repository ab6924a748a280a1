package io.transfer4j.transfer.pretrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.transfer.TransferModel;
import io.transfer4j.zoo.weights.WeightRegistry;
import io.transfer4j.zoo.weights.WeightTag;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class PretrainedFashionCnnTest {
    @Test
    void theShippedModelIsSmallPinnedRegisteredAndPredicts() throws Exception {
        try (var in = PretrainedFashionCnn.class.getClassLoader().getResourceAsStream(PretrainedFashionCnn.RESOURCE)) {
            byte[] bytes = in.readAllBytes();
            assertTrue(bytes.length <= 1 << 20, "resource is " + bytes.length + " bytes, over 1 MB");
            assertEquals(PretrainedFashionCnn.SHA256, PretrainedFashionCnn.sha256(bytes));
        }
        TransferModel m = PretrainedFashionCnn.loadModel();
        assertEquals(List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat"), m.labels());
        WeightTag tag = WeightRegistry.defaults().get(PretrainedFashionCnn.TAG);
        assertEquals(PretrainedFashionCnn.SHA256, tag.hash());
        assertEquals(5, tag.numClasses());
        var p = m.output(Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28));
        assertEquals(2.0, p.sumNumber().doubleValue(), 1e-4);
        assertEquals(FashionCnn.FEATURE_WIDTH, FashionCnn.network(5, 1).shapeOf(FashionCnn.FEATURE_LAYER).size());
    }
}

package io.transfer4j.zoo;

import io.transfer4j.dsl.Shape;

/**
 * Registry metadata of one zoo model: what the transfer API needs to cut and re-head it without
 * hard-coding layer names.
 *
 * @param name            registry key, e.g. {@code "resnet50"}
 * @param inputShape      native input size, e.g. 224×224×3
 * @param numClasses      classes of the default top
 * @param classifierLayer name of the final classification layer ({@code "predictions"})
 * @param featureLayer    last conv/pool output before the top ({@code "block5_pool"}, {@code "conv5_block3_out"})
 * @param featureWidth    channels of that feature map (512 for VGG16, 2048 for ResNet50, 1024 for DenseNet121)
 * @param preprocessing   default input preprocessing
 */
public record ModelInfo(String name, Shape inputShape, int numClasses, String classifierLayer,
                        String featureLayer, int featureWidth, Preprocessing preprocessing) {
}

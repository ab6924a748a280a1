package io.transfer4j.zoo;

import io.transfer4j.dsl.Shape;

/** Native input sizes shared by several zoo families. */
final class ZooShapes {
    /** ImageNet models' 224×224 RGB. */
    static final Shape IMAGENET = Shape.image(224, 224, 3);

    private ZooShapes() {
    }
}

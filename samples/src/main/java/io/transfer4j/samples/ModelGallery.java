package io.transfer4j.samples;

import io.transfer4j.zoo.Zoo;
import java.util.List;

/**
 * The networks of the course notes, each written in the DSL in the zoo (see zoo/src/main/java/io/transfer4j/zoo:
 * one short file per family), with their summary tables. Run: {@code ./transfer4j gallery} or this main.
 */
public final class ModelGallery {
    /** The course's networks, in historical order. */
    public static final List<String> COURSE_MODELS = List.of("lenet5", "alexnet", "vgg16", "googlenet", "resnet50", "densenet121");

    private ModelGallery() {
    }

    public static void main(String[] args) {
        for (String name : args.length > 0 ? List.of(args) : COURSE_MODELS) {
            System.out.println(Zoo.model(name).build().summary());
        }
    }
}

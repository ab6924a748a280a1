package io.transfer4j.samples.gallery;

import io.transfer4j.zoo.ModelBuilder;
import io.transfer4j.zoo.Zoo;
import java.util.List;

/**
 * The networks of the course notes with their summary tables (layers, output shapes, parameters,
 * activation memory, receptive field). Each is written in the Java DSL in the zoo, one short file per
 * family (zoo/src/main/java/io/transfer4j/zoo: LeNet5, AlexNet, Vgg, GoogLeNet, ResNet, DenseNet); a
 * summary reads only the configuration, so even VGG16 prints without allocating its 138 M parameters.
 * {@code ModelGallery.kt} is the same in Kotlin, with LeNet-5 and a small ResNet defined inline.
 *
 * <pre>
 * mvn -q -pl samples -am compile exec:java -Dexec.mainClass=io.transfer4j.samples.gallery.ModelGallery
 * mvn -q -pl samples -am compile exec:java -Dexec.mainClass=io.transfer4j.samples.gallery.ModelGallery -Dexec.args="lenet5 resnet50"
 * </pre>
 */
public final class ModelGallery {
    /** The course's networks, in historical order. */
    public static final List<String> COURSE_MODELS = List.of("lenet5", "alexnet", "vgg16", "googlenet", "resnet50", "densenet121");

    private ModelGallery() {
    }

    /** Prints the summary of each zoo model named in {@code args}, or of the course's six. */
    public static void main(String[] args) {
        for (String name : args.length > 0 ? List.of(args) : COURSE_MODELS) {
            System.out.println(Zoo.model(name).weights(ModelBuilder.NO_WEIGHTS).build().summary());   // architecture only
        }
    }
}

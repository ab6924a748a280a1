package io.transfer4j.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.zoo.Preprocessing;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The built-in tags as issue 5 pins them, lookups, registration, and names that try to escape. */
class WeightRegistryTest {
    private final WeightRegistry reg = WeightRegistry.withBuiltIns();

    @ParameterizedTest
    @CsvSource({
        "vgg16:imagenet, vgg16/vgg16_weights_tf_dim_ordering_tf_kernels.h5, 64373286793e3c8b2b4e3219cbf3544b",
        "vgg16:imagenet-notop, vgg16/vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5, 6d6bbae143d832006294945121d1f1fc",
        "vgg19:imagenet, vgg19/vgg19_weights_tf_dim_ordering_tf_kernels.h5, cbe5617147190e668d6c5d5026f83318",
        "vgg19:imagenet-notop, vgg19/vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5, 253f8cb515780f3b799900260a226db6",
        "resnet50:imagenet, resnet/resnet50_weights_tf_dim_ordering_tf_kernels.h5, 2cb95161c43110f7111970584f804107",
        "resnet50:imagenet-notop, resnet/resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5, 4d473c1dd8becc155b73f8504c6f6626",
        "densenet121:imagenet, densenet/densenet121_weights_tf_dim_ordering_tf_kernels.h5, 9d60b8095a5708f2dcce2bca79d332c7",
        "densenet121:imagenet-notop, densenet/densenet121_weights_tf_dim_ordering_tf_kernels_notop.h5, 30ee3e1110167f948a6b9946edeeb738",
        "inceptionv3:imagenet, inception_v3/inception_v3_weights_tf_dim_ordering_tf_kernels.h5, 9a0d58056eeedaa3f26cb7ebd46da564",
        "inceptionv3:imagenet-notop, inception_v3/inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5, bcbd6486424b2319ff4ef7d526e38f63",
        "xception:imagenet, xception/xception_weights_tf_dim_ordering_tf_kernels.h5, 0a58e3b7378bc2990ea3b43d5981f1f6",
        "xception:imagenet-notop, xception/xception_weights_tf_dim_ordering_tf_kernels_notop.h5, b0042744bf5b25fce3cb969f33bebb97",
    })
    void kerasTagsPointAtKerasApplicationsWithTheirMd5(String name, String path, String md5) {
        WeightTag t = reg.get(name);
        assertEquals(URI.create("https://storage.googleapis.com/tensorflow/keras-applications/" + path), t.defaultUrl().orElseThrow());
        assertEquals(HashAlgorithm.MD5, t.hashAlgorithm());
        assertEquals(md5, t.hash());
        assertEquals(WeightFormat.KERAS_H5, t.format());
        assertEquals(!name.endsWith("-notop"), t.includeTop());
        assertEquals(t.includeTop() ? 1000 : 0, t.numClasses());
        assertEquals("imagenet", t.labels());
        Preprocessing expected = name.startsWith("densenet") ? Preprocessing.torch(224, 224)
                : name.startsWith("inceptionv3") || name.startsWith("xception") ? Preprocessing.tf(299, 299) : Preprocessing.caffe(224, 224);
        assertEquals(expected, t.preprocessing());
    }

    @Test
    void dl4jTagsAreRelativeToTheConfigurableBase() {
        WeightTag r = reg.get("resnet50:dl4j-imagenet");
        assertEquals("models/resnet50_dl4j_inference.v3.zip", r.path());
        assertEquals("resnet50_dl4j_inference.v3.zip", r.fileName());
        assertEquals("3914447815", r.hash());
        assertEquals(WeightFormat.DL4J_ZIP, r.format());
        assertEquals(URI.create("https://mirror.example/dl4j/models/resnet50_dl4j_inference.v3.zip"),
                r.url(URI.create("https://mirror.example/dl4j")));
        assertEquals(34, reg.all().size());
        assertEquals(List.of("vgg16:dl4j-imagenet", "vgg16:imagenet", "vgg16:imagenet-notop"),
                reg.forModel("vgg16").stream().map(WeightTag::tag).toList());
    }

    @Test
    void unknownTagListsTheClosestOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> reg.get("vgg16:imagent"));
        assertTrue(e.getMessage().startsWith("unknown weight tag 'vgg16:imagent'; closest: vgg16:imagenet, "), e.getMessage());
        assertSame(reg.get("vgg16:imagenet"), reg.get(" VGG16:ImageNet "));
        assertFalse(reg.find("nope").isPresent());
    }

    @Test
    void registeringTwiceIsHarmlessButAConflictIsRefused() {
        WeightTag mine = tag("fashion:v1", "f.zip", "b".repeat(64));
        reg.register(mine).register(mine);
        assertSame(mine, reg.get("fashion:v1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> reg.register(tag("fashion:v1", "f.zip", "c".repeat(64))));
        assertTrue(e.getMessage().contains("already registered with different content"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"../../x:y", "a/b:c", "x", "vgg16:", "Vgg16:imagenet"})
    void malformedTagsAreRefused(String name) {
        assertThrows(IllegalArgumentException.class, () -> tag(name, "f.zip", "b".repeat(64)));
    }

    @ParameterizedTest
    @CsvSource({"../../x", "..", "a/b", ".hidden", "x\\y"})
    void fileNamesThatLeaveTheCacheAreRefused(String fileName) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tag("m:v", fileName, "b".repeat(64)));
        assertTrue(e.getMessage().contains("unsafe file name"), e.getMessage());
    }

    @Test
    void downloadPathsThatLeaveTheBaseAreRefused() {
        for (String path : new String[] {"../x.zip", "models/../../x.zip", "/etc/passwd", "models//x.zip"}) {
            assertThrows(IllegalArgumentException.class, () -> WeightTag.builder("m:v").source(WeightSource.DL4J).path(path)
                    .hash(HashAlgorithm.ADLER32, "1").format(WeightFormat.DL4J_ZIP).numClasses(0)
                    .preprocessing(Preprocessing.caffe(224, 224)).build(), path);
        }
    }

    private static WeightTag tag(String name, String fileName, String sha) {
        return WeightTag.builder(name).source(WeightSource.LOCAL).fileName(fileName).hash(HashAlgorithm.SHA256, sha)
                .format(WeightFormat.TRANSFER4J).includeTop(true).numClasses(10).preprocessing(Preprocessing.unit(28, 28, 1)).build();
    }
}

package io.transfer4j.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import io.transfer4j.zoo.Zoo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.preprocessors.TensorFlowCnnToFeedForwardPreProcessor;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** DL4J zips (stand-ins written with ModelSerializer here) into DSL models, and the name maps against DL4J's zoo. */
class Dl4jZipLoaderTest {
    @TempDir
    Path dir;

    /** A small residual net with DL4J's pretrained ResNet50 names (or the zoo's Keras names). */
    static Network miniResNet(boolean dl4jNames) {
        String[] n = dl4jNames
                ? new String[] {"conv1", "bn_conv1", "res2a_branch2a", "bn2a_branch2a", "res2a_branch1", "bn2a_branch1", "fc1000"}
                : new String[] {"conv1_conv", "conv1_bn", "conv2_block1_1_conv", "conv2_block1_1_bn", "conv2_block1_0_conv",
                                "conv2_block1_0_bn", "predictions"};
        var b = Network.builder("mini").seed(dl4jNames ? 7 : 8).input(9, 8, 3)
                .conv(4, 3).name(n[0]).batchNorm().name(n[1]).eps(1.001e-5).relu().name("stem_relu")
                .conv(6, 1).name(n[2]).batchNorm().name(n[3]).eps(1.001e-5)
                .from("stem_relu").conv(6, 1).name(n[4]).batchNorm().name(n[5]).eps(1.001e-5);
        return b.add(n[3], n[5]).relu().globalAvgPool().output(5).name(n[6]).build();
    }

    private Path save(ComputationGraph g, String name) throws IOException {
        Path zip = dir.resolve(name);
        ModelSerializer.writeModel(g, zip.toFile(), false);
        return zip;
    }

    private static void randomise(ComputationGraph g, long seed) {
        Nd4j.getRandom().setSeed(seed);
        g.setParams(Nd4j.rand(g.params().dataType(), g.params().shape()).subi(0.5));
    }

    @Test
    void pretrainedResNetNamesMapOntoTheZoosNames() throws IOException {
        ComputationGraph source = miniResNet(true).graph();
        randomise(source, 1);
        Path zip = save(source, "resnet-standin.zip");
        Network target = miniResNet(false);
        LoadReport r = Dl4jZipLoader.load(zip, target, Dl4jNameMap.resnet50(), LoadOptions.strict());
        assertTrue(r.complete(), r::toString);
        assertEquals(7, r.mapped().size());
        INDArray x = Nd4j.rand(2, 3, 9, 8);
        assertEquals(source.outputSingle(x), target.graph().outputSingle(x));
    }

    /** An older-style zip: BN stores the variance, and the flatten is DL4J's Keras-import channels-last one. */
    @Test
    void varianceAndChannelsLastFlattenAreConverted() throws IOException {
        var conf = new NeuralNetConfiguration.Builder().seed(3).graphBuilder().addInputs("input")
                .setInputTypes(InputType.convolutional(5, 4, 2))
                .addLayer("block1_conv1", new ConvolutionLayer.Builder(3, 2).nOut(3).activation(Activation.RELU).build(), "input")
                .addLayer("bn", new BatchNormalization.Builder().useLogStd(false).eps(1e-3).build(), "block1_conv1")
                .addVertex("flatten", new PreprocessorVertex(new TensorFlowCnnToFeedForwardPreProcessor(3, 3, 3)), "bn")
                .addLayer("fc1", new DenseLayer.Builder().nIn(27).nOut(4).activation(Activation.RELU).build(), "flatten")
                .addLayer("predictions", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "fc1")
                .setOutputs("predictions").build();
        ComputationGraph source = new ComputationGraph(conf);
        source.init();
        randomise(source, 2);
        source.getLayer("bn").getParam("var").assign(Nd4j.rand(3).addi(0.5));   // a variance must be positive
        assertTrue(source.getLayer("bn").paramTable().containsKey("var"));
        Path zip = save(source, "vgg-style.zip");

        Network target = Network.builder("t").input(5, 4, 2).conv(3, 3, 2).act(Activation.RELU).name("block1_conv1")
                .batchNorm().name("bn").eps(1e-3).flatten().dense(4).act(Activation.RELU).name("fc1")
                .output(3).name("predictions").build();
        LoadReport r = Dl4jZipLoader.load(zip, target, Dl4jNameMap.identity(), LoadOptions.strict());
        assertTrue(r.complete(), r::toString);
        INDArray x = Nd4j.rand(2, 2, 5, 4);
        INDArray expected = source.outputSingle(x);
        INDArray actual = target.graph().outputSingle(x);
        assertTrue(expected.equalsWithEps(actual, 1e-5), expected + " vs " + actual);
    }

    /** Every layer of DL4J's own (M2.1) ResNet50 configuration maps onto the zoo's ResNet50, shapes included. */
    @Test
    void resnet50MapCoversDl4jZoosOwnResNet50() {
        ComputationGraph dl4j = org.deeplearning4j.zoo.model.ResNet50.builder().numClasses(1000).build().init();
        Network ours = Zoo.resnet50().build();
        LoadReport r = Dl4jZipLoader.copy(dl4j, "DL4J zoo ResNet50 (scratch config)", ours.graph(), Dl4jNameMap.resnet50(),
                LoadOptions.strict());
        assertTrue(r.complete(), r::toString);
        assertEquals(107, r.mapped().size(), r::toString);   // 53 conv + 53 BN + predictions
        assertTrue(r.notes().get(0).contains("53 batch-norm layers"), r::toString);  // DL4J's BN eps is 1e-5
        assertEquals(dl4j.getLayer("bn4c_branch2b").getParam("mean"), ours.graph().getLayer("conv4_block3_2_bn").getParam("mean"));
    }

    /** DL4J's own VGG16 (at 32x32 to keep it small) maps completely and computes the same as the zoo's. */
    @Test
    void vgg16MapCoversDl4jZoosOwnVgg16() {
        ComputationGraph dl4j = org.deeplearning4j.zoo.model.VGG16.builder().numClasses(10).inputShape(new int[] {3, 32, 32})
                .build().init();
        Network ours = Zoo.vgg16().inputShape(32, 32, 3).numClasses(10).build();
        LoadReport r = Dl4jZipLoader.copy(dl4j, "DL4J zoo VGG16 (scratch config)", ours.graph(), Dl4jNameMap.vgg16(),
                LoadOptions.strict());
        assertEquals(16, r.mapped().size(), r::toString);
        INDArray x = Nd4j.rand(1, 3, 32, 32).muli(255);
        INDArray expected = dl4j.outputSingle(x);
        INDArray actual = ours.graph().outputSingle(x);
        assertTrue(expected.equalsWithEps(actual, 1e-5), expected + " vs " + actual);
    }

    @Test
    void nameMaps() {
        assertEquals("conv3_block3_2_bn", Dl4jNameMap.resnet50().apply("bn3c_branch2b"));
        assertEquals("conv5_block1_0_conv", Dl4jNameMap.resnet50().apply("res5a_branch1"));
        assertEquals("conv4_block6_3_conv", Dl4jNameMap.resnet50().apply("res4f_branch2c"));
        assertEquals("conv1_bn", Dl4jNameMap.resnet50().apply("bn_conv1"));
        assertEquals("predictions", Dl4jNameMap.resnet50().apply("fc1000"));
        assertEquals("block4_conv3", Dl4jNameMap.vgg16().apply("12"));
        assertEquals("fc2", Dl4jNameMap.vgg16().apply("19"));
        assertEquals("fc1", Dl4jNameMap.vgg16().apply("fc1"));
        assertEquals("res2a_branch2a", Dl4jNameMap.forModel("densenet121").apply("res2a_branch2a"));
    }

    // ---- bad inputs -----------------------------------------------------------------------------------

    @Test
    void truncatedZipIsAClearError() throws IOException {
        Path zip = save(miniResNet(true).graph(), "full.zip");
        Path cut = dir.resolve("cut.zip");
        byte[] bytes = Files.readAllBytes(zip);
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        WeightLoadException e = assertThrows(WeightLoadException.class,
                () -> Dl4jZipLoader.load(cut, miniResNet(false), Dl4jNameMap.resnet50(), LoadOptions.strict()));
        assertTrue(e.getMessage().contains(cut.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void corruptCoefficientsAreAClearError() throws IOException {
        Path zip = save(miniResNet(true).graph(), "full.zip");
        Path bad = dir.resolve("bad.zip");
        try (ZipFile in = new ZipFile(zip.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bad))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new ZipEntry(e.getName()));
                byte[] data = in.getInputStream(e).readAllBytes();
                if (e.getName().equals(Dl4jZipLoader.COEFFICIENTS)) {
                    data = java.util.Arrays.copyOf(data, 40);                 // a cut-off parameter array
                }
                out.write(data);
            }
        }
        WeightLoadException e = assertThrows(WeightLoadException.class,
                () -> Dl4jZipLoader.load(bad, miniResNet(false), Dl4jNameMap.resnet50(), LoadOptions.strict()));
        assertTrue(e.getMessage().contains(bad.toString()) && e.getMessage().contains("damaged"), e.getMessage());
    }

    @Test
    void notAZipAndNotADl4jZip() throws IOException {
        Path html = dir.resolve("model.zip");
        Files.writeString(html, "<html><body>403 Forbidden</body></html>");
        WeightLoadException e = assertThrows(WeightLoadException.class,
                () -> Dl4jZipLoader.load(html, miniResNet(false), Dl4jNameMap.identity(), LoadOptions.strict()));
        assertTrue(e.getMessage().contains("not a readable zip"), e.getMessage());

        Path other = dir.resolve("other.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(other))) {
            out.putNextEntry(new ZipEntry("readme.txt"));
            out.write("hello".getBytes(StandardCharsets.UTF_8));
        }
        e = assertThrows(WeightLoadException.class,
                () -> Dl4jZipLoader.load(other, miniResNet(false), Dl4jNameMap.identity(), LoadOptions.strict()));
        assertTrue(e.getMessage().contains("not a DL4J model") && e.getMessage().contains("readme.txt"), e.getMessage());
    }

    /** The zip is read in place, never extracted: an entry named ../../x cannot write anywhere. */
    @Test
    void zipSlipEntriesWriteNothing() throws IOException {
        Path zip = save(miniResNet(true).graph(), "full.zip");
        Path work = Files.createDirectories(dir.resolve("a/b"));
        Path evil = work.resolve("evil.zip");
        try (ZipFile in = new ZipFile(zip.toFile()); OutputStream os = Files.newOutputStream(evil);
             ZipOutputStream out = new ZipOutputStream(os)) {
            out.putNextEntry(new ZipEntry("../../slipped.txt"));
            out.write("owned".getBytes(StandardCharsets.UTF_8));
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(in.getInputStream(e).readAllBytes());
            }
        }
        LoadReport r = Dl4jZipLoader.load(evil, miniResNet(false), Dl4jNameMap.resnet50(), LoadOptions.strict());
        assertTrue(r.complete());
        assertFalse(Files.exists(dir.resolve("slipped.txt")));
        assertFalse(Files.exists(work.resolve("../../slipped.txt").normalize()));
    }

    @Test
    void strictLoadOfAMismatchedZipNamesLayerAndShapesAndChangesNothing() throws IOException {
        Path zip = save(miniResNet(true).graph(), "full.zip");
        Network target = Network.builder("t").seed(8).input(9, 8, 3)
                .conv(4, 3).name("conv1_conv").batchNorm().name("conv1_bn").relu().name("stem_relu")
                .conv(7, 1).name("conv2_block1_1_conv").batchNorm().name("conv2_block1_1_bn")
                .from("stem_relu").conv(7, 1).name("conv2_block1_0_conv").batchNorm().name("conv2_block1_0_bn")
                .add("conv2_block1_1_bn", "conv2_block1_0_bn").relu().globalAvgPool().output(5).name("predictions").build();
        INDArray before = target.graph().params().dup();
        WeightLoadException e = assertThrows(WeightLoadException.class,
                () -> Dl4jZipLoader.load(zip, target, Dl4jNameMap.resnet50(), LoadOptions.strict()));
        assertTrue(e.getMessage().contains("conv2_block1_1_conv") && e.getMessage().contains("[6, 4, 1, 1]")
                && e.getMessage().contains("[7, 4, 1, 1]"), e.getMessage());
        assertEquals(before, target.graph().params());
    }
}

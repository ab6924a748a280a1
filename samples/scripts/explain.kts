// See what a network sees (course notes: Grad-CAM, intermediate activations, learned filters): trains a small CNN
// on Fashion-MNIST, then writes for a few test images the Grad-CAM overlay of the predicted class and the CAM of
// the same class (the net ends in global average pooling), the first layer's activations, the first layer's
// filters and the patterns the last conv layer's channels respond to (gradient ascent), into --out:
//   ./transfer4j run samples/scripts/explain.kts [-- --out explain-out --epochs 5]
// --quick: 20 training images per class, 1 epoch, 2 images, 5 ascent steps (what the test runs).
import java.nio.file.Files
import org.nd4j.linalg.activations.Activation

val quick = "--quick" in args
fun arg(name: String, default: String): String = args.indexOf(name).let { if (it >= 0 && it + 1 < args.size) args[it + 1] else default }
val out = Files.createDirectories(Path.of(arg("--out", "explain-out")))

val net = network("small-cnn", seed = 7, updater = Updaters.adam(2e-3)) {
    input(28, 28, 1)
    conv(16, kernel = 3, padding = Padding.SAME, activation = Activation.RELU, name = "conv1")
    maxPool(2)
    conv(32, kernel = 3, padding = Padding.SAME, activation = Activation.RELU, name = "conv2")
    globalAvgPool(name = "avg_pool")
    softmax(10, name = "predictions")
}
val data = fashionMnist(trainPerClass = if (quick) 20 else 500, testPerClass = if (quick) 1 else 20)
val test = data.test
val model = TransferModel.from(net).labels(data.train.classNames())
model.fit(data.train, validation = test, epochs = arg("--epochs", if (quick) "1" else "5").toInt()) { progressBar(false) }

for (i in 0 until (if (quick) 2 else 5)) {
    val truth = test.classNames()[test.labels()[i]]
    val h = model.gradCam(test, i, png = out.resolve("gradcam-$i.png").toString())
    model.gradCam(test, i, classIndex = h.classIndex(), cam = true, png = out.resolve("cam-$i.png").toString())
    println("image $i ($truth): predicted ${model.labels()[h.classIndex()]} ${"%.3f".format(h.score())}, " +
            "Grad-CAM at ${h.layer()} ${h.height()}x${h.width()}, peak at ${Heatmap.peak(h.map()).joinToString(",")}")
}
model.activations(test, 0, layer = "conv1", png = out.resolve("activations-conv1.png").toString())
model.filters(layer = "conv1", png = out.resolve("filters-conv1.png").toString())
model.filters(layer = "conv2", png = out.resolve("patterns-conv2.png").toString(), patterns = true,
              channels = (0 until 8).toList(), steps = if (quick) 5 else 40)
println("pictures: ${Files.list(out).use { s -> s.map { it.fileName.toString() }.sorted().toList() }.joinToString()}")

// Road types (cobblestone, interlocking, unpaved) by fine-tuning an ImageNet network: the course's case study as a
// model script. Run it with
//   ./transfer4j run samples/scripts/train-roads.kts -- --data roads [--out roads.zip] [--epochs 10]
// --quick: a small synthetic folder and a random-weight ResNet18 at 32x32 (what the test runs, in seconds).
import io.transfer4j.samples.roads.SyntheticRoads
import java.nio.file.Files

val quick = "--quick" in args
fun arg(name: String, default: String): String = args.indexOf(name).let { if (it >= 0 && it + 1 < args.size) args[it + 1] else default }

val folder = if (quick) SyntheticRoads.write(Files.createTempDirectory("roads"), 10, 40).toString() else arg("--data", "roads")
val out = arg("--out", "roads.zip")

val base = if (quick) zoo.resnet18(includeTop = false, inputShape = listOf(32, 32, 3))
           else zoo.resnet50(includeTop = false, weights = "imagenet")
val data = imageFolder(folder, model = base) { split(0.6, 0.2, 0.2); seed(42); batchSize(8) }
val model = transfer(base) {
    freezeAll()
    head(data.classes) { hidden(if (quick) 16 else 256); dropout(0.5) }
}
val run = model.fit(data, epochs = arg("--epochs", if (quick) "2" else "10").toInt()) { earlyStopping(patience = 3); progressBar(false) }
model.save(out)

val test = classifier(out).model().evaluate(data)     // the saved file, not the model in memory
println("classes: ${data.classes.joinToString()}")
println("epochs: ${run.epochs()}, test accuracy: ${"%.3f".format(test.accuracy())} on ${test.count()} images")
println("saved: $out")

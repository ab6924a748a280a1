// The course's lab CNN (seed 002) written in the Kotlin DSL and trained from scratch on Fashion-MNIST
// (the full set when installed, else the embedded subset):
//   ./transfer4j run samples/scripts/lab-cnn.kts [-- --epochs 3]
// --quick: 20 training images per class, 1 epoch (what the test runs).
import org.nd4j.linalg.activations.Activation

val quick = "--quick" in args
fun arg(name: String, default: String): String = args.indexOf(name).let { if (it >= 0 && it + 1 < args.size) args[it + 1] else default }

val net = network("lab-cnn", seed = 42, updater = Updaters.adam(1e-3)) {
    input(28, 28, 1)
    conv(32, kernel = 3, activation = Activation.RELU)
    conv(64, kernel = 3, activation = Activation.RELU)
    maxPool(2)
    dropout(0.25)
    flatten()
    dense(128, activation = Activation.RELU)
    dropout(0.5)
    softmax(10)
}
println(net.summary())

val data = fashionMnist(trainPerClass = if (quick) 20 else 1000, testPerClass = if (quick) 10 else 200)
val model = TransferModel.from(net).labels(data.train.classNames())
val run = model.fit(data.train, validation = data.test, epochs = arg("--epochs", if (quick) "1" else "5").toInt()) { progressBar(false) }
println("lab-cnn on ${data.source}: ${run.epochs()} epoch(s), test accuracy ${"%.3f".format(model.evaluate(data.test).accuracy())} on ${data.test.size()} images")

// A small residual network (course notes: "x -> layer -> relu -> layer -> (+) x -> relu", ResNet 2015) written in
// the Kotlin DSL and trained from scratch on Fashion-MNIST (the full set when installed, else the embedded subset):
//   ./transfer4j run samples/scripts/resnet.kts [-- --epochs 5 --out resnet-fmnist.zip]
// --quick: 20 training images per class, 1 epoch (what the test runs).
val quick = "--quick" in args
fun arg(name: String, default: String): String = args.indexOf(name).let { if (it >= 0 && it + 1 < args.size) args[it + 1] else default }

val net = network("small-resnet", seed = 42, updater = Updaters.adam(1e-3)) {
    input(28, 28, 1)
    conv(16, kernel = 3, padding = Padding.SAME, bias = false, name = "stem") { batchNorm(); relu() }
    residual(filters = 16, prefix = "block1")              // identity shortcut: same shape in and out
    residual(filters = 32, stride = 2, prefix = "block2")  // 14x14x32: the shortcut is a projected 1x1 conv
    residual(filters = 64, stride = 2, prefix = "block3")  // 7x7x64
    globalAvgPool(name = "avg_pool")
    softmax(10, name = "predictions")
}
println(net.summary())

val data = fashionMnist(trainPerClass = if (quick) 20 else 1000, testPerClass = if (quick) 10 else 200)
val model = TransferModel.from(net).labels(data.train.classNames())
val epochs = arg("--epochs", if (quick) "1" else "5").toInt()
model.fit(data.train, validation = data.test, epochs = epochs) { progressBar(false); earlyStopping(patience = 2) }
val accuracy = model.evaluate(data.test).accuracy()
println("small-resnet on ${data.source}: ${net.parameterCount()} parameters, at most $epochs epoch(s), test accuracy ${"%.3f".format(accuracy)}")
val out = arg("--out", "")
if (out.isNotEmpty()) { model.save(out); println("saved: $out") }

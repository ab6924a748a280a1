package example

import io.transfer4j.dsl.*
import io.transfer4j.transfer.Classifier
import io.transfer4j.transfer.Head
import io.transfer4j.transfer.TransferModel
import io.transfer4j.transfer.data.Augment
import io.transfer4j.transfer.data.ImageFolder
import io.transfer4j.transfer.train.EarlyStopping
import io.transfer4j.transfer.train.Trainer
import io.transfer4j.transfer.train.TrainingConfig
import io.transfer4j.zoo.Zoo
import java.awt.Color
import java.awt.image.BufferedImage
import java.nio.file.Files
import java.nio.file.Path
import javax.imageio.ImageIO
import kotlin.random.Random

/**
 * README's Kotlin DSL example and the transfer recipe in Kotlin, run by a project that only depends on transfer4j
 * (tiny generated images and a randomly initialised VGG16 trunk: no internet here). Fails with an exception.
 */
fun main() {
    // README "The DSL" (Kotlin)
    val net = network("tiny-resnet") {
        input(32, 32, 3)
        conv(32, kernel = 3, padding = Padding.SAME) { batchNorm(); relu() }
        residual(filters = 32)
        globalAvgPool()
        softmax(10)
    }
    println(net.summary())
    check(net.graph().numParams() > 0) { "tiny-resnet has no parameters" }

    // README "The transfer recipe", in Kotlin
    val dir = Files.createTempDirectory("consumer-kotlin")
    val roads = writeFolder(dir.resolve("roads"))
    val base = Zoo.vgg16().includeTop(false).inputShape(32, 32, 3)   // README: .weights("imagenet")
    val data = ImageFolder.of(roads).preprocessing(base.info())
        .split(0.7, 0.15, 0.15).seed(42).augment(Augment.none()).batchSize(16).load()
    val model = TransferModel.from(base).freezeAll()
        .newHead(Head.labels(data.classNames()).hidden(256).dropout(0.5))
    Trainer(model.graph(), TrainingConfig.builder(10).optimizer(Updaters.adam(1e-3))
        .earlyStopping(EarlyStopping.onValidationAccuracy(3)).build())
        .fit(data.train(), data.validation())
    model.save(dir.resolve("roads.zip"))
    val street = Files.list(roads.resolve("unpaved")).findFirst().orElseThrow()
    val top = Classifier.load(dir.resolve("roads.zip")).predict(street, 3)
    check(top.size == 3 && top[0].label() in data.classNames()) { "predictions: $top" }
    println("consumer-kotlin ok: $top")
}

/** Three classes of 12 noisy 32x32 images, told apart by colour. */
fun writeFolder(root: Path): Path {
    val colours = mapOf("cobblestone" to Color.GRAY, "interlocking" to Color.RED, "unpaved" to Color(150, 110, 60))
    val random = Random(7)
    for ((name, colour) in colours) {
        Files.createDirectories(root.resolve(name))
        repeat(12) { i ->
            val img = BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB)
            for (y in 0 until 32) for (x in 0 until 32) {
                val n = random.nextInt(-30, 30)
                img.setRGB(x, y, Color((colour.red + n).coerceIn(0, 255), (colour.green + n).coerceIn(0, 255),
                    (colour.blue + n).coerceIn(0, 255)).rgb)
            }
            ImageIO.write(img, "png", root.resolve(name).resolve("$i.png").toFile())
        }
    }
    return root
}

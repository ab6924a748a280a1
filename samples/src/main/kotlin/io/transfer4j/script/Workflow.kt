package io.transfer4j.script

import io.transfer4j.transfer.Classifier
import io.transfer4j.transfer.EvaluationReport
import io.transfer4j.transfer.Evaluator
import io.transfer4j.transfer.Head
import io.transfer4j.transfer.Learner
import io.transfer4j.transfer.LearnerData
import io.transfer4j.transfer.MultiLabelReport
import io.transfer4j.transfer.Prediction
import io.transfer4j.transfer.TransferModel
import io.transfer4j.transfer.data.Augment
import io.transfer4j.transfer.data.FashionMnist
import io.transfer4j.transfer.data.ImageFolder
import io.transfer4j.transfer.data.ImageFolderData
import io.transfer4j.transfer.data.LabeledImages
import io.transfer4j.transfer.train.EarlyStopping
import io.transfer4j.transfer.train.TrainingConfig
import io.transfer4j.transfer.train.TrainingResult
import io.transfer4j.zoo.ModelBuilder
import io.transfer4j.zoo.Pooling
import io.transfer4j.zoo.Zoo
import java.nio.file.Files
import java.nio.file.Path

/**
 * The transfer workflow in Kotlin, for model scripts (`transfer4j run train.kts`) and Kotlin programs: thin
 * wrappers with named arguments over the Java API ([Zoo], [ImageFolder], [TransferModel], [Learner], [Evaluator],
 * [Classifier]) — no second implementation.
 *
 * ```
 * val base = zoo.resnet50(includeTop = false, weights = "imagenet")
 * val data = imageFolder("roads", model = base) { split(0.7, 0.15, 0.15); augment(standard) }
 * val model = transfer(base) { freezeAll(); head(data.classes) { hidden(256); dropout(0.5) } }
 * model.fit(data, epochs = 10) { earlyStopping(patience = 3) }
 * model.save("roads.zip")
 * ```
 */
@DslMarker
annotation class WorkflowDsl

/** Zoo models with Keras's arguments; `weights` is a tag ("imagenet"), a local file, or null for random weights. */
@Suppress("ClassName")
object zoo {
    /** Any registered model by name (see [Zoo.names]). */
    fun model(name: String, includeTop: Boolean = true, weights: String? = null, inputShape: List<Int>? = null,
              pooling: Pooling? = null, classes: Int? = null, seed: Long? = null): ModelBuilder {
        val b = Zoo.model(name).includeTop(includeTop)
        if (inputShape != null) {
            require(inputShape.size == 3) { "inputShape is (height, width, channels), got $inputShape" }
            b.inputShape(inputShape[0], inputShape[1], inputShape[2])
        }
        pooling?.let { b.pooling(it) }
        classes?.let { b.numClasses(it) }
        seed?.let { b.seed(it) }
        if (weights != null) {
            val file = Path.of(weights)
            if (weights.endsWith(".h5") || weights.endsWith(".zip") || Files.isRegularFile(file)) b.weights(file) else b.weights(weights)
        }
        return b
    }

    fun resnet50(includeTop: Boolean = true, weights: String? = null, inputShape: List<Int>? = null, pooling: Pooling? = null,
                 classes: Int? = null) = model("resnet50", includeTop, weights, inputShape, pooling, classes)

    fun resnet18(includeTop: Boolean = true, weights: String? = null, inputShape: List<Int>? = null, pooling: Pooling? = null,
                 classes: Int? = null) = model("resnet18", includeTop, weights, inputShape, pooling, classes)

    fun vgg16(includeTop: Boolean = true, weights: String? = null, inputShape: List<Int>? = null, pooling: Pooling? = null,
              classes: Int? = null) = model("vgg16", includeTop, weights, inputShape, pooling, classes)

    fun densenet121(includeTop: Boolean = true, weights: String? = null, inputShape: List<Int>? = null, pooling: Pooling? = null,
                    classes: Int? = null) = model("densenet121", includeTop, weights, inputShape, pooling, classes)

    /** The registered model names. */
    val names: List<String> get() = Zoo.names()
}

/** Options of [imageFolder]. */
@WorkflowDsl
class ImageFolderScope internal constructor(internal var folder: ImageFolder) {
    /** Random crops, flips, rotation and colour jitter. */
    val standard: Augment get() = Augment.standard()
    /** No augmentation (the default). */
    val none: Augment get() = Augment.none()

    fun split(train: Double, validation: Double, test: Double = 0.0) { folder = folder.split(train, validation, test) }
    fun seed(seed: Long) { folder = folder.seed(seed) }
    fun augment(augment: Augment) { folder = folder.augment(augment) }
    fun batchSize(size: Int) { folder = folder.batchSize(size) }
    fun inputSize(height: Int, width: Int = height, channels: Int = 3) { folder = folder.inputSize(height, width, channels) }
    /** Several labels per image: a folder per label (a `.csv` path is multi-label already). */
    fun multiLabel() { folder = folder.multiLabel() }
}

/**
 * An image folder (one sub-folder per class) loaded and split; with `model`, images get that model's preprocessing
 * and input size.
 */
fun imageFolder(path: String, model: ModelBuilder? = null, block: ImageFolderScope.() -> Unit = {}): ImageFolderData {
    var folder = ImageFolder.of(Path.of(path))
    if (model != null) {
        val shape = model.options().inputShape()
        folder = folder.preprocessing(model.info()).inputSize(shape.height(), shape.width(), shape.channels())
    }
    return ImageFolderScope(folder).apply(block).folder.load()
}

/** The class names, in label order. */
val ImageFolderData.classes: List<String> get() = classNames()

/** Options of a new head ([TransferScope.head]). */
@WorkflowDsl
class HeadScope internal constructor(internal var head: Head) {
    fun hidden(vararg units: Int) { head = head.hidden(*units) }
    fun dropout(rate: Double) { head = head.dropout(rate) }
    fun normalize(scale: Double) { head = head.normalize(scale) }
    fun seed(seed: Long) { head = head.seed(seed) }
    /** Sigmoid outputs with binary cross-entropy: any number of the labels per image. */
    fun multiLabel() { head = head.multiLabel() }
}

/** What [transfer] does to the base model: freezing and the new head. */
@WorkflowDsl
class TransferScope internal constructor(val model: TransferModel) {
    fun freezeAll() { model.freezeAll() }
    fun freezeUpTo(layer: String) { model.freezeUpTo(layer) }
    fun unfreezeFrom(layer: String) { model.unfreezeFrom(layer) }
    fun head(labels: List<String>, block: HeadScope.() -> Unit = {}) { model.newHead(HeadScope(Head.labels(labels)).apply(block).head) }
}

/** A transfer model from a zoo model (its weights loaded), set up by `block`. */
fun transfer(base: ModelBuilder, block: TransferScope.() -> Unit = {}): TransferModel =
    TransferScope(TransferModel.from(base)).apply(block).model

/** Training options of [fit]: the [Learner]'s optimizer and settings. */
@WorkflowDsl
class FitScope internal constructor() {
    private var lr = 1e-3
    private val settings = mutableListOf<(TrainingConfig.Builder) -> Unit>()
    /** Adam at this learning rate (default 1e-3). */
    fun learningRate(lr: Double) { this.lr = lr }
    fun earlyStopping(patience: Int = 3) { settings += { it.earlyStopping(EarlyStopping.onValidationAccuracy(patience)) } }
    fun seed(seed: Long) { settings += { it.seed(seed) } }
    fun microBatches(n: Int) { settings += { it.microBatches(n) } }
    fun progressBar(show: Boolean) { settings += { it.progressBar(show) } }

    internal fun learner(model: TransferModel, data: LearnerData): Learner =
        Learner.of(model, data).lr(lr).settings { b -> settings.forEach { it(b) }; b }
}

/** Trains on `data.train()`, validating on `data.validation()`, through a [Learner]. */
fun TransferModel.fit(data: ImageFolderData, epochs: Int = 10, block: FitScope.() -> Unit = {}): TrainingResult =
    FitScope().apply(block).learner(this, LearnerData.of(data)).fit(epochs)

/** A multi-label model's mAP and per-label F1 on `data.test()`, at its thresholds. */
fun TransferModel.evaluateMultiLabel(data: ImageFolderData): MultiLabelReport = Evaluator.of(this).evaluateMultiLabel(data.test())

/** Every label of a multi-label model over its threshold for the image. */
fun Classifier.predictLabels(image: String): List<Prediction> = predictLabels(Path.of(image))

/** Accuracy, top-k, per-class metrics and the confusion matrix on `data.test()`. */
fun TransferModel.evaluate(data: ImageFolderData, topK: Int = 2): EvaluationReport = Evaluator.of(this).topK(topK).evaluate(data.test())

fun TransferModel.save(path: String) = save(Path.of(path))

/** Fashion-MNIST ([FashionMnist.locate]: the installed full set, else the embedded subset). */
fun fashionMnist(): FashionMnist = FashionMnist.locate()

/** Seeded Fashion-MNIST samples scaled to 0..1, as the shipped scripts train and test on; [source] says which data. */
class FashionSample(val source: String, val train: LabeledImages, val test: LabeledImages)

/** [trainPerClass] training and [testPerClass] test images per class of [fashionMnist], pixels scaled to 0..1. */
fun fashionMnist(trainPerClass: Int, testPerClass: Int, seed: Long = 1): FashionSample = fashionMnist().let {
    FashionSample(it.source(), it.train().sample(trainPerClass, seed).scaled(1 / 255.0), it.test().sample(testPerClass, seed + 1).scaled(1 / 255.0))
}

/** Trains on in-memory images (e.g. Fashion-MNIST samples), validating on `validation`, through a [Learner]. */
fun TransferModel.fit(train: LabeledImages, validation: LabeledImages, epochs: Int = 10, batchSize: Int = 32,
                      block: FitScope.() -> Unit = {}): TrainingResult =
    FitScope().apply(block).learner(this, LearnerData.of(train.iterator(batchSize, true, 42),
        validation.iterator(batchSize, false, 0), null, false)).fit(epochs)

/** Accuracy, top-k, per-class metrics and the confusion matrix on in-memory images. */
fun TransferModel.evaluate(images: LabeledImages, topK: Int = 2): EvaluationReport =
    Evaluator.of(this).topK(topK).evaluate(images.iterator(64, false, 0))

/** A classifier for a saved model file. */
fun classifier(path: String): Classifier = Classifier.load(Path.of(path))

/** Top-k classes of an image file. */
fun Classifier.predict(image: String, top: Int = 5): List<Prediction> = predict(Path.of(image), top)

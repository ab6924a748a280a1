package io.transfer4j.samples.roads

import io.transfer4j.samples.finetune.FinetuneOptions
import io.transfer4j.samples.finetune.FinetuneReport
import io.transfer4j.dsl.Padding
import io.transfer4j.dsl.network
import io.transfer4j.transfer.EvaluationReport
import io.transfer4j.transfer.Evaluator
import io.transfer4j.transfer.TransferModel
import io.transfer4j.transfer.data.ImageFolderData

/**
 * The road-type case study in Kotlin: the same fine-tuning as the Java `RoadTypes`, next to a small CNN
 * written in the Kotlin DSL and trained from scratch on the same images, which is what transfer learning
 * is measured against. Arguments as the Java sample (`--help`).
 *
 * ```
 * mvn -q -pl samples -am compile exec:java -Dexec.mainClass=io.transfer4j.samples.roads.RoadTypesKt \
 *     -Dexec.args="--data roads --model resnet50 --weights imagenet --epochs 10 --out roads.zip"
 * ```
 */
fun main(args: Array<String>) = FinetuneOptions.main(args) { fineTuneRoads(it) }

/** Fine-tunes, saves, trains the scratch baseline; returns (transfer, scratch) test accuracy. */
fun fineTuneRoads(o: FinetuneOptions): Pair<Double, Double> {
    val base = o.check().baseModel()
    val data = o.data(base)
    val transfer = TransferModel.from(base).freezeAll()
        .newHead(o.head(data.classNames()))
    val scratch = TransferModel.from(network("roads-scratch", seed = o.seed) {
        input(o.size, o.size, 3)
        for (filters in listOf(16, 32, 64)) {
            conv(filters, padding = Padding.SAME) { batchNorm(); relu() }
            maxPool(2)
        }
        globalAvgPool()
        dropout(0.5)
        softmax(data.numClasses())
    }).labels(data.classNames()).preprocessing(data.preprocessing())

    val report = FinetuneReport(o.report).data(data.report()).model(transfer.summary().toString())
    val fit = train(transfer, data, o)
    train(scratch, data, o)
    transfer.save(o.out)
    val tested = TransferModel.load(o.out).test(data)         // the saved file, not the model in memory
    val baseline = scratch.test(data)
    report.training(fit).test(tested).section("Transfer vs scratch (test accuracy)",
        "%-24s %.4f%n%-24s %.4f".format("${o.model} + new head", tested.accuracy(), "small CNN from scratch", baseline.accuracy()))
    println(report.write())
    return tested.accuracy() to baseline.accuracy()
}

private fun train(model: TransferModel, data: ImageFolderData, o: FinetuneOptions) = o.learner(model, data).fit(o.epochs)

private fun TransferModel.test(data: ImageFolderData): EvaluationReport = Evaluator.of(this).topK(2).topLosses(5).evaluate(data.test())

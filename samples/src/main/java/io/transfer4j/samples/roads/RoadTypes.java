package io.transfer4j.samples.roads;

import io.transfer4j.transfer.Classifier;
import io.transfer4j.transfer.EvaluationReport;
import io.transfer4j.transfer.Evaluator;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.data.Augment;
import io.transfer4j.transfer.data.ImageFolder;
import io.transfer4j.transfer.data.ImageFolderData;
import io.transfer4j.transfer.train.Trainer;
import io.transfer4j.transfer.train.TrainingConfig;
import io.transfer4j.transfer.train.TrainingResult;
import io.transfer4j.zoo.ModelBuilder;
import java.nio.file.Path;
import java.util.List;

/**
 * The course's case study: road types (cobblestone, interlocking, unpaved) by fine-tuning an ImageNet
 * network. Data → model → freeze → new head → fit with early stopping (→ optionally unfreeze the top of the
 * trunk and fit again at a tenth of the rate) → save → evaluate and predict with the saved file.
 * samples/README-roads.md explains the data layout, where the weights come from and what to expect.
 *
 * <pre>
 * mvn -q -pl samples -am compile exec:java -Dexec.mainClass=io.transfer4j.samples.roads.RoadTypes \
 *     -Dexec.args="--data roads --model vgg16 --weights imagenet --epochs 10 --out roads.zip"
 * </pre>
 */
public final class RoadTypes {
    private RoadTypes() {
    }

    public static void main(String[] args) {
        RoadOptions.main(args, RoadTypes::run);
    }

    /**
     * What {@link #fineTune} produced: the head's training run, the trunk's (null without {@code --unfreeze-from}),
     * the saved model's metrics on the held-out test images and the files written.
     */
    public record Run(TrainingResult head, TrainingResult trunk, EvaluationReport test, Path model, Path report) {
    }

    /** The whole recipe; returns the saved model's accuracy on the held-out test images. */
    public static double run(RoadOptions o) throws Exception {
        return fineTune(o).test().accuracy();
    }

    /** The whole recipe (prints the report's summary on stdout); returns what it produced. */
    public static Run fineTune(RoadOptions o) throws Exception {
        o.derivePaths();
        TrainingConfig headTraining = o.training(o.epochs, o.lr);        // checks the training options before any loading
        ModelBuilder base = o.baseModel();                               // e.g. Zoo.vgg16().includeTop(false).weights("imagenet")
        ImageFolderData data = ImageFolder.of(o.data).preprocessing(base.info()).inputSize(o.size, o.size, 3)
                .split(0.7, 0.15, 0.15).seed(o.seed).augment(o.augment ? Augment.standard() : Augment.none())
                .batchSize(o.batch).load();
        TransferModel model = TransferModel.from(base);                  // freeze the whole trunk, or up to --freeze-up-to
        (o.freezeUpTo == null ? model.freezeAll() : model.freezeUpTo(o.freezeUpTo))
                .newHead(o.head(data.classNames()));                   // --hidden units, dropout 0.5, --normalize
        TrainingResult fit = new Trainer(model.graph(), headTraining).fit(data.train(), data.validation());
        TrainingResult tuned = null;
        if (o.unfreezeFrom != null) {                                    // optional: fine-tune the trunk's top too, 10x slower
            model.unfreezeFrom(o.unfreezeFrom);
            tuned = new Trainer(model.graph(), o.training(o.fineTuneEpochs, o.lr / 10)).fit(data.train(), data.validation());
        }
        model.save(o.out);

        Classifier saved = Classifier.load(o.out);                        // everything below uses the file only
        EvaluationReport test = Evaluator.of(saved.model()).topK(2).topLosses(5).evaluate(data.test());
        List<Path> examples = RoadReport.onePerClass(data.split().test());
        RoadReport report = new RoadReport(o.report).data(data.report()).model(model.summary().toString())
                .training(fit).training(tuned).test(test).predictions(examples, saved.predictFiles(examples, 3));
        System.out.println(report.write());
        return new Run(fit, tuned, test, o.out, o.report);
    }
}

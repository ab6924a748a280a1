package io.transfer4j.samples.roads;

import io.transfer4j.dsl.Updaters;
import io.transfer4j.transfer.Classifier;
import io.transfer4j.transfer.Head;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.data.Augment;
import io.transfer4j.transfer.data.ImageFolder;
import io.transfer4j.transfer.data.ImageFolderData;
import io.transfer4j.transfer.data.LabeledFile;
import io.transfer4j.transfer.train.EarlyStopping;
import io.transfer4j.transfer.train.Trainer;
import io.transfer4j.transfer.train.TrainingConfig;
import io.transfer4j.transfer.train.TrainingResult;
import io.transfer4j.zoo.ModelBuilder;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.evaluation.classification.Evaluation;

/**
 * The course's case study: road types (cobblestone, interlocking, unpaved) by fine-tuning an ImageNet
 * network. Data → model → freeze → new head → fit with early stopping → save → evaluate and predict with
 * the saved file. See samples/README-roads.md for the data layout, the weights and what to expect.
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

    /** The whole recipe; returns the saved model's accuracy on the held-out test images. */
    public static double run(RoadOptions o) throws Exception {
        ModelBuilder base = o.baseModel();                               // e.g. Zoo.vgg16().includeTop(false).weights("imagenet")
        ImageFolderData data = ImageFolder.of(o.data).preprocessing(base.info()).inputSize(o.size, o.size, 3)
                .split(0.7, 0.15, 0.15).seed(o.seed).augment(o.augment ? Augment.standard() : Augment.none())
                .batchSize(o.batch).load();
        TransferModel model = TransferModel.from(base).freezeAll()
                .newHead(Head.labels(data.classNames()).hidden(o.hiddenUnits()).dropout(0.5));
        TrainingResult fit = new Trainer(model.graph(), TrainingConfig.builder(o.epochs).optimizer(Updaters.adam(o.lr))
                .earlyStopping(EarlyStopping.onValidationAccuracy(o.patience)).augmentedInput(o.augment).seed(o.seed).build())
                .fit(data.train(), data.validation());
        model.save(o.out);

        Classifier saved = Classifier.load(o.out);                        // everything below uses the file only
        Evaluation test = saved.model().graph().evaluate(data.test(), data.classNames());
        List<Path> examples = data.split().test().stream().map(LabeledFile::path).limit(3).toList();
        RoadReport report = new RoadReport(o.report).data(data.report()).model(model.summary().toString())
                .training(fit).test(test).predictions(examples, saved.predictFiles(examples, 3));
        System.out.println(report.write());
        return test.accuracy();
    }
}

package io.transfer4j.transfer.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import io.transfer4j.zoo.Preprocessing;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.image.ResizeBilinear;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * An in-memory labelled image set: features {@code [n, c, h, w]} (float) plus integer labels and the class
 * names. {@link FashionMnist} returns these with raw pixel values <b>0..255</b> (apply a
 * {@link io.transfer4j.zoo.Preprocessing}, e.g. {@code Preprocessing.unit(28, 28, 1)}, or
 * {@link #scaled(double)} to get 0..1).
 *
 * <pre>{@code
 * LabeledImages train = FashionMnist.locate().train();
 * LabeledImages fiveToNine = train.filterClasses(5, 6, 7, 8, 9);   // labels remapped to 0..4
 * LabeledImages fewShot = fiveToNine.sample(10, 42);               // 10 images per class
 * DataSetIterator it = fewShot.scaled(1 / 255.0).iterator(32, true, 42);
 * }</pre>
 *
 * @param features   {@code [n, c, h, w]} float
 * @param labels     class index of each image, {@code 0 <= label < classNames.size()}
 * @param classNames class names in label order
 * @param source     where the data came from (shown in logs and reports)
 */
public record LabeledImages(INDArray features, int[] labels, List<String> classNames, String source) {

    public LabeledImages {
        if (features.rank() != 4) {
            throw new IllegalArgumentException("features must be [n, c, h, w], got " + Arrays.toString(features.shape()));
        }
        if (features.size(0) != labels.length) {
            throw new IllegalArgumentException(features.size(0) + " images but " + labels.length + " labels");
        }
        classNames = List.copyOf(classNames);
        for (int l : labels) {
            if (l < 0 || l >= classNames.size()) {
                throw new IllegalArgumentException("label " + l + " outside 0.." + (classNames.size() - 1));
            }
        }
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** Number of classes. */
    public int numClasses() {
        return classNames.size();
    }

    /** Images per class, indexed by label. */
    public int[] classCounts() {
        int[] counts = new int[classNames.size()];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }

    /** One-hot labels {@code [n, numClasses]} float. */
    public INDArray oneHot() {
        INDArray y = Nd4j.zeros(DataType.FLOAT, labels.length, classNames.size());
        for (int i = 0; i < labels.length; i++) {
            y.putScalar(i, labels[i], 1f);
        }
        return y;
    }

    /**
     * Keeps only the given classes and renumbers them in the order given: {@code filterClasses(5, 6, 7, 8, 9)}
     * maps Sandal (5) to 0, ..., Ankle boot (9) to 4. Image order is kept.
     */
    public LabeledImages filterClasses(int... classes) {
        if (classes.length == 0) {
            throw new IllegalArgumentException("filterClasses needs at least one class index");
        }
        int[] remap = new int[classNames.size()];
        Arrays.fill(remap, -1);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < classes.length; i++) {
            int c = classes[i];
            if (c < 0 || c >= classNames.size()) {
                throw new IllegalArgumentException("class " + c + " outside 0.." + (classNames.size() - 1) + " " + classNames);
            }
            if (remap[c] >= 0) {
                throw new IllegalArgumentException("class " + c + " listed twice in " + Arrays.toString(classes));
            }
            remap[c] = i;
            names.add(classNames.get(c));
        }
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (remap[labels[i]] >= 0) {
                keep.add(i);
            }
        }
        int[] rows = keep.stream().mapToInt(Integer::intValue).toArray();
        int[] newLabels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            newLabels[i] = remap[labels[rows[i]]];
        }
        return new LabeledImages(rows(rows), newLabels, names, source + " classes " + Arrays.toString(classes));
    }

    /**
     * A few-shot subset: {@code perClass} images of every class, chosen at random with {@code seed}
     * (the same seed gives the same images). The result is grouped by class, then in the chosen order;
     * shuffle when iterating.
     *
     * @throws IllegalArgumentException if a class has fewer than {@code perClass} images
     */
    public LabeledImages sample(int perClass, long seed) {
        if (perClass <= 0) {
            throw new IllegalArgumentException("perClass must be positive, got " + perClass);
        }
        int[] counts = classCounts();
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] < perClass) {
                throw new IllegalArgumentException("class " + c + " (" + classNames.get(c) + ") has only "
                        + counts[c] + " images, fewer than the " + perClass + " per class requested");
            }
        }
        Random random = new Random(seed);
        int[] rows = new int[perClass * counts.length];
        int k = 0;
        for (int c = 0; c < counts.length; c++) {
            List<Integer> ofClass = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    ofClass.add(i);
                }
            }
            java.util.Collections.shuffle(ofClass, random);
            for (int j = 0; j < perClass; j++) {
                rows[k++] = ofClass.get(j);
            }
        }
        int[] newLabels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            newLabels[i] = labels[rows[i]];
        }
        return new LabeledImages(rows(rows), newLabels, classNames, source + " " + perClass + "/class seed " + seed);
    }

    /**
     * The images at {@code rows}, in that order (e.g. a validation set held out of a {@link #sample}).
     *
     * @throws IllegalArgumentException if a row is outside {@code 0..size()-1}
     */
    public LabeledImages select(int... rows) {
        int[] newLabels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= labels.length) {
                throw new IllegalArgumentException("row " + rows[i] + " outside 0.." + (labels.length - 1) + " of " + source);
            }
            newLabels[i] = labels[rows[i]];
        }
        return new LabeledImages(rows(rows), newLabels, classNames, source + " " + rows.length + " selected");
    }

    /** The first {@code n} images (e.g. a quick smoke run). */
    public LabeledImages head(int n) {
        int m = Math.min(n, size());
        return new LabeledImages(features.get(NDArrayIndex.interval(0, m)).dup(), Arrays.copyOf(labels, m), classNames, source);
    }

    /** A copy with every pixel multiplied by {@code factor}, e.g. {@code 1/255.0} for values 0..1. */
    public LabeledImages scaled(double factor) {
        return new LabeledImages(features.mul(factor), labels.clone(), classNames, source);
    }

    /**
     * A copy ready for a model: channels converted (gray copied to RGB, or RGB to luma), resized bilinearly to the
     * preprocessing's size, then {@link Preprocessing#apply} (which expects RGB 0..255, as {@link FashionMnist}
     * delivers). E.g. Fashion-MNIST for an ImageNet network: {@code fewShot.forModel(Preprocessing.caffe(64, 64))}.
     * Memory grows with the size: 1,000 images at 224×224×3 take 600 MB, so convert subsets, not all 60,000.
     */
    public LabeledImages forModel(Preprocessing p) {
        INDArray x = features.castTo(DataType.FLOAT);
        long c = x.size(1);
        if (c == 1 && p.channels() == 3) {
            x = Nd4j.concat(1, x, x, x);
        } else if (c == 3 && p.channels() == 1) {
            x = x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1)).mul(0.299)
                    .addi(x.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 2)).mul(0.587))
                    .addi(x.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 3)).mul(0.114));
        } else if (c != p.channels()) {
            throw new IllegalArgumentException("cannot convert " + c + " channels to " + p.channels());
        }
        if (x.size(2) != p.height() || x.size(3) != p.width()) {
            INDArray nhwc = x.permute(0, 2, 3, 1).dup('c');
            INDArray resized = Nd4j.create(DataType.FLOAT, x.size(0), p.height(), p.width(), x.size(1));
            Nd4j.exec(new ResizeBilinear(nhwc, resized, p.height(), p.width(), false, true));
            x = resized.permute(0, 3, 1, 2).dup('c');
        } else {
            x = x.dup('c');
        }
        return new LabeledImages(p.apply(x), labels.clone(), classNames, source + " for " + p);
    }

    /** The whole set as one DataSet with one-hot labels. */
    public DataSet toDataSet() {
        return new DataSet(features, oneHot());
    }

    /**
     * Mini-batches with one-hot labels.
     *
     * @param shuffle whether to shuffle; every epoch ({@code reset()}) then gets a new order drawn from
     *                (seed, epoch), so runs repeat exactly and epochs differ
     */
    public DataSetIterator iterator(int batchSize, boolean shuffle, long seed) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        if (size() == 0) {
            throw new IllegalArgumentException("no images to iterate over (" + source + ")");
        }
        return new RowBatches(Rows.of(features, oneHot()), classNames, batchSize, shuffle, seed);
    }

    private INDArray rows(int[] rows) {
        if (rows.length == 0) {
            return Nd4j.create(DataType.FLOAT, 0, features.size(1), features.size(2), features.size(3));
        }
        long[] shape = features.shape();
        INDArray flat = features.reshape('c', shape[0], shape[1] * shape[2] * shape[3]);
        return Nd4j.pullRows(flat, 1, rows).reshape('c', rows.length, shape[1], shape[2], shape[3]);
    }

    @Override
    public String toString() {
        return "LabeledImages[" + size() + " images " + Arrays.toString(Arrays.copyOfRange(features.shape(), 1, 4))
                + ", " + numClasses() + " classes, " + source + "]";
    }
}

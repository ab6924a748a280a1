package io.transfer4j.transfer.explain;

import io.transfer4j.transfer.TransferModel;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Intermediate activations (course notes, seed 002): a layer's feature maps for one image as a grid of gray
 * tiles, every channel or the chosen ones.
 *
 * <pre>{@code
 * BufferedImage grid = Activations.of(model).layer("block1_conv1").channels(0, 1).grid(Path.of("cat.jpg"));
 * Pictures.write(grid, Path.of("block1_conv1.png"));
 * }</pre>
 */
public final class Activations {
    private final TransferModel model;
    private String layer;
    private int[] channels;
    private int cell = 64;

    private Activations(TransferModel model) {
        this.model = model;
    }

    public static Activations of(TransferModel model) {
        return new Activations(model);
    }

    /** The layer to show; it must output a feature map. */
    public Activations layer(String name) {
        GradCam.requireFeatureMap(model, name, "showing activations");
        this.layer = name;
        return this;
    }

    /** Only these channels (default all). */
    public Activations channels(int... which) {
        this.channels = which.clone();
        return this;
    }

    /** Pixels per tile side (default 64). */
    public Activations cell(int pixels) {
        if (pixels < 4) {
            throw new IllegalArgumentException("cell must be >= 4 pixels, got " + pixels);
        }
        this.cell = pixels;
        return this;
    }

    /** The layer's activations {@code [channels, h, w]} for an image file. */
    public INDArray activations(Path image) {
        return activations(ModelImages.input(model, ModelImages.raw(model, image)));
    }

    /** The layer's activations {@code [channels, h, w]} for one preprocessed input {@code [1, c, h, w]}. */
    public INDArray activations(INDArray input) {
        if (layer == null) {
            throw new IllegalStateException("choose a layer first: layer(\"block1_conv1\")");
        }
        return model.graph().feedForward(input, false).get(layer).slice(0).dup();
    }

    /** The grid picture for an image file. */
    public BufferedImage grid(Path image) {
        return grid(activations(image));
    }

    /** The grid picture of activations {@code [channels, h, w]}. */
    public BufferedImage grid(INDArray acts) {
        int n = (int) acts.size(0);
        int[] which = channels != null ? channels : IntStream.range(0, n).toArray();
        List<double[][]> maps = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (int c : which) {
            if (c < 0 || c >= n) {
                throw new IllegalArgumentException("channel " + c + " is out of range: layer '" + layer + "' has " + n + " channels (0.."
                        + (n - 1) + ")");
            }
            INDArray m = acts.slice(c);
            double[][] d = new double[(int) m.size(0)][(int) m.size(1)];
            for (int y = 0; y < d.length; y++) {
                for (int x = 0; x < d[0].length; x++) {
                    d[y][x] = m.getDouble(y, x);
                }
            }
            maps.add(d);
            titles.add(layer + " #" + c);
        }
        int columns = (int) Math.ceil(Math.sqrt(maps.size()));
        return Pictures.grid(maps, titles, cell, Math.max(1, columns));
    }
}

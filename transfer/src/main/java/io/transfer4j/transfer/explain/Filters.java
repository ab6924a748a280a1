package io.transfer4j.transfer.explain;

import io.transfer4j.transfer.TransferModel;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Learned convolution filters as pictures (course notes, seed 004: "good training gives filters with
 * structure"). A layer reading RGB shows each filter as one colour tile; a deeper layer shows a grid of gray
 * tiles, a row per filter and a column per input channel (at most {@link #limit} of each).
 *
 * <pre>{@code Pictures.write(Filters.of(model).layer("block1_conv1").image(), Path.of("filters.png"));}</pre>
 */
public final class Filters {
    private final TransferModel model;
    private String layer;
    private int limit = 32;

    private Filters(TransferModel model) {
        this.model = model;
    }

    public static Filters of(TransferModel model) {
        return new Filters(model);
    }

    /** A convolution layer (its weights {@code [filters, inputs, kh, kw]}). */
    public Filters layer(String name) {
        if (!model.graph().getConfiguration().getVertices().containsKey(name)) {
            throw new IllegalArgumentException("model '" + model.name() + "' has no layer named '" + name + "'; close matches: "
                    + io.transfer4j.dsl.Names.closest(name, model.graph().getConfiguration().getVertices().keySet()));
        }
        INDArray w = model.graph().getVertex(name).hasLayer() ? model.graph().getLayer(name).getParam("W") : null;
        if (w == null || w.rank() != 4) {
            throw new IllegalArgumentException("layer '" + name + "' is not a convolution (no 4-D weights); filters are shown for conv layers");
        }
        this.layer = name;
        return this;
    }

    /** At most this many filters (and input channels) are drawn (default 32). */
    public Filters limit(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + n);
        }
        this.limit = n;
        return this;
    }

    /** The picture: colour tiles for RGB inputs, else a filters × input-channels gray grid. */
    public BufferedImage image() {
        if (layer == null) {
            throw new IllegalStateException("choose a layer first: layer(\"block1_conv1\")");
        }
        INDArray w = model.graph().getLayer(layer).getParam("W");
        int n = (int) Math.min(limit, w.size(0));
        int in = (int) w.size(1);
        int kh = (int) w.size(2);
        int kw = (int) w.size(3);
        int scale = Math.max(1, 48 / Math.max(kh, kw));
        if (in == 3) {
            double[][][][] tiles = new double[n][3][kh][kw];
            List<String> titles = new ArrayList<>();
            for (int f = 0; f < n; f++) {
                for (int c = 0; c < 3; c++) {
                    tiles[f][c] = values(w, f, c, kh, kw);
                }
                titles.add("#" + f);
            }
            return Pictures.rgbTiles(tiles, titles, scale, (int) Math.ceil(Math.sqrt(n)));
        }
        int cols = Math.min(limit, in);
        List<double[][]> maps = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (int f = 0; f < n; f++) {
            for (int c = 0; c < cols; c++) {
                maps.add(values(w, f, c, kh, kw));
                titles.add(f + "/" + c);
            }
        }
        return Pictures.grid(maps, titles, kh * scale, cols);
    }

    private static double[][] values(INDArray w, int f, int c, int kh, int kw) {
        double[][] d = new double[kh][kw];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                d[y][x] = w.getDouble(f, c, y, x);
            }
        }
        return d;
    }
}

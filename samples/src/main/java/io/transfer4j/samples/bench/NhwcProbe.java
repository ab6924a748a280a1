package io.transfer4j.samples.bench;

import io.transfer4j.dsl.BatchNormFolding;
import io.transfer4j.zoo.Zoo;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Scratch experiment (issue 9, data format): a trained NCHW graph converted to NHWC for inference. */
public final class NhwcProbe {
    private NhwcProbe() {
    }

    /** NHWC copy of an NCHW conv graph without flatten (global pooling before the dense layers). */
    static ComputationGraph toNhwc(ComputationGraph graph) {
        ComputationGraphConfiguration conf = graph.getConfiguration().clone();
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (!(e.getValue() instanceof LayerVertex lv)) {
                continue;
            }
            InputPreProcessor pp = lv.getPreProcessor();
            if (pp != null) {
                throw new IllegalArgumentException("preprocessor on " + e.getKey() + ": " + pp);
            }
            Layer l = lv.getLayerConf().getLayer();
            if (l instanceof ConvolutionLayer c) {
                c.setCnn2dDataFormat(CNN2DFormat.NHWC);
            } else if (l instanceof SubsamplingLayer s) {
                s.setCnn2dDataFormat(CNN2DFormat.NHWC);
            } else if (l instanceof BatchNormalization b) {
                b.setCnn2DFormat(CNN2DFormat.NHWC);
            } else if (l instanceof ZeroPaddingLayer z) {
                z.setDataFormat(CNN2DFormat.NHWC);
            } else if (l instanceof GlobalPoolingLayer g) {
                g.setPoolingDimensions(new int[] {1, 2});
            }
        }
        ComputationGraph out = new ComputationGraph(conf);
        out.init();
        for (org.deeplearning4j.nn.api.Layer l : out.getLayers()) {
            String name = l.conf().getLayer().getLayerName();
            for (Map.Entry<String, INDArray> p : l.paramTable().entrySet()) {
                p.getValue().assign(graph.getLayer(name).getParam(p.getKey()));
            }
        }
        return out;
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int batch = 4;
        ComputationGraph plain = Zoo.resnet50().build().graph();
        randomiseBatchNorms(plain);
        ComputationGraph folded = BatchNormFolding.fold(plain);
        ComputationGraph nhwc = toNhwc(plain);
        ComputationGraph foldedNhwc = toNhwc(folded);
        INDArray x = Models.images(batch, 3, 224, 224).muli(255).subi(120);
        INDArray xl = x.permute(0, 2, 3, 1).dup();
        INDArray a = plain.outputSingle(false, x.dup());
        INDArray b = nhwc.outputSingle(false, xl.dup());
        INDArray c = foldedNhwc.outputSingle(false, xl.dup());
        System.out.printf("max prob %.4f; |plain - nhwc| %.3g; |plain - folded nhwc| %.3g%n", a.maxNumber().doubleValue(),
                a.sub(b).amaxNumber().doubleValue(), a.sub(c).amaxNumber().doubleValue());
        INDArray fa = plain.output(List.of("avg_pool"), false, new INDArray[] {x.dup()}, null)[0].dup();
        INDArray fb = nhwc.output(List.of("avg_pool"), false, new INDArray[] {xl.dup()}, null)[0].dup();
        System.out.printf("pooled features: max |a| %.4g, max |a - b| %.3g%n", fa.amaxNumber().doubleValue(),
                fa.sub(fb).amaxNumber().doubleValue());
        for (int r = 0; r < rounds; r++) {
            report("nchw", r, Timing.imagesPerSecond(1, 3, batch, () -> plain.outputSingle(false, x)));
            report("nhwc", r, Timing.imagesPerSecond(1, 3, batch, () -> nhwc.outputSingle(false, xl)));
            report("nchw+fold", r, Timing.imagesPerSecond(1, 3, batch, () -> folded.outputSingle(false, x)));
            report("nhwc+fold", r, Timing.imagesPerSecond(1, 3, batch, () -> foldedNhwc.outputSingle(false, xl)));
        }
        System.exit(0);
    }

    /** Mild random BN statistics (as after training) so that folding is not the identity. */
    static void randomiseBatchNorms(ComputationGraph g) {
        org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(7);
        for (org.deeplearning4j.nn.api.Layer l : g.getLayers()) {
            Map<String, INDArray> p = l.paramTable();
            if (p.containsKey("mean")) {
                p.get("mean").assign(org.nd4j.linalg.factory.Nd4j.randn(p.get("mean").dataType(), p.get("mean").shape()).muli(0.1));
                p.get("gamma").assign(org.nd4j.linalg.factory.Nd4j.rand(p.get("gamma").dataType(), p.get("gamma").shape()).muli(0.5).addi(0.5));
                p.get("beta").assign(org.nd4j.linalg.factory.Nd4j.randn(p.get("beta").dataType(), p.get("beta").shape()).muli(0.1));
                String v = p.containsKey("var") ? "var" : "log10stdev";
                INDArray t = p.get(v);
                if (t != null) {
                    t.assign(v.equals("var") ? org.nd4j.linalg.factory.Nd4j.rand(t.dataType(), t.shape()).muli(0.4).addi(0.8)
                            : org.nd4j.linalg.factory.Nd4j.rand(t.dataType(), t.shape()).subi(0.5).muli(0.2));
                }
            }
        }
    }

    private static void report(String what, int round, Timing.Rate rate) {
        System.out.printf("round %d %-10s %.3f img/s wall  %.3f img/CPU-s  load %s%n", round, what, rate.wall(), rate.cpu(),
                loadavg());
    }

    static String loadavg() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}

package io.transfer4j.script

import io.transfer4j.transfer.TransferModel
import io.transfer4j.transfer.data.LabeledImages
import io.transfer4j.transfer.explain.Activations
import io.transfer4j.transfer.explain.ClassActivationMap
import io.transfer4j.transfer.explain.FilterPatterns
import io.transfer4j.transfer.explain.Filters
import io.transfer4j.transfer.explain.GradCam
import io.transfer4j.transfer.explain.Heatmap
import io.transfer4j.transfer.explain.ModelImages
import io.transfer4j.transfer.explain.Pictures
import java.nio.file.Path
import org.nd4j.linalg.api.ndarray.INDArray
import org.nd4j.linalg.indexing.NDArrayIndex

// The visual tools of io.transfer4j.transfer.explain with named arguments (no second implementation):
//   model.gradCam(images, 0, png = "out/cam-0.png")      // Grad-CAM overlay of test image 0, its top class
//   model.activations(images, 0, layer = "conv1", png = "out/conv1.png")
//   model.filters(layer = "conv2", png = "out/patterns.png", patterns = true)

/** Image [index] of in-memory [images] as one network input `[1, c, h, w]` (the pixels as they are stored). */
fun LabeledImages.input(index: Int): INDArray = features().get(NDArrayIndex.interval(index, index + 1)).dup()

/**
 * Grad-CAM (or with [cam] plain CAM, for global-average-pool models) of in-memory image [index] for [classIndex]
 * (default: the model's top class), at [layer] (default: the last conv layer before the head); with [png], the
 * overlay (heatmap over the image, colour bar, caption) is written there. [pixelScale] turns the stored values
 * back into 0..255 for the picture (255 for images scaled to 0..1).
 */
fun TransferModel.gradCam(images: LabeledImages, index: Int, classIndex: Int? = null, layer: String? = null, cam: Boolean = false,
                          png: String? = null, pixelScale: Double = 255.0): Heatmap {
    val x = images.input(index)
    val c = classIndex ?: graph().outputSingle(false, x).argMax(1).getInt(0)
    val h = if (cam) ClassActivationMap.of(this).heatmap(x, c)
            else GradCam.of(this).let { g -> layer?.let { g.layer(it) } ?: g }.heatmap(x, c)
    png?.let { Pictures.write(Pictures.overlay(Pictures.image(x.mul(pixelScale)), h, "${labels()[c]} ${"%.3f".format(h.score())}"), Path.of(it)) }
    return h
}

/** Grad-CAM of an image file (resized and preprocessed as the model expects); see the in-memory form. */
fun TransferModel.gradCam(image: String, classIndex: Int? = null, layer: String? = null, cam: Boolean = false, png: String? = null): Heatmap {
    val raw = ModelImages.raw(this, Path.of(image))
    val x = ModelImages.input(this, raw.dup())
    val c = classIndex ?: graph().outputSingle(false, x).argMax(1).getInt(0)
    val h = if (cam) ClassActivationMap.of(this).heatmap(x, c)
            else GradCam.of(this).let { g -> layer?.let { g.layer(it) } ?: g }.heatmap(x, c)
    png?.let { Pictures.write(Pictures.overlay(Pictures.image(raw), h, "${labels()[c]} ${"%.3f".format(h.score())}"), Path.of(it)) }
    return h
}

/** The feature maps of [layer] for in-memory image [index] as a grid PNG ([channels]: only these). */
fun TransferModel.activations(images: LabeledImages, index: Int, layer: String, png: String, channels: List<Int>? = null): Path {
    val a = Activations.of(this).layer(layer)
    channels?.let { a.channels(*it.toIntArray()) }
    return Pictures.write(a.grid(a.activations(images.input(index))), Path.of(png))
}

/**
 * A conv layer's filters as a PNG: its weights (RGB tiles for the first layer, a grid deeper), or with [patterns] the
 * images its [channels] (default the first 16) respond to most, by [steps] of gradient ascent from grey noise.
 */
fun TransferModel.filters(layer: String, png: String, patterns: Boolean = false, channels: List<Int>? = null, steps: Int = 40,
                          limit: Int = 32): Path {
    if (!patterns) {
        return Pictures.write(Filters.of(this).layer(layer).limit(limit).image(), Path.of(png))
    }
    val p = FilterPatterns.of(this).layer(layer).steps(steps)
    val which = channels?.toIntArray() ?: (0 until minOf(p.channels(), 16, limit)).toList().toIntArray()
    return Pictures.write(p.image(*which), Path.of(png))
}

package io.transfer4j.transfer.data;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes in-memory images ({@link LabeledImages}, values 0..255, 1 or 3 channels) as an image-folder tree: one
 * PNG per image in a sub-folder per class, so the folder pipeline ({@link ImageFolder}) can be exercised on
 * real pictures. Folder names are the class names with characters unsafe in file names replaced by '_'
 * (Fashion-MNIST: {@code T-shirt_top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle_boot}).
 * Note that {@link ImageFolder} numbers classes by sorted folder name, not by the original label order.
 *
 * <pre>{@code
 * FashionMnist fm = FashionMnist.locate();
 * ImageFolderExport.write(fm.test(), Path.of("fashion/test"), 100);   // 100 PNGs per class
 * }</pre>
 *
 * <p>From the command line: the samples' tool {@code io.transfer4j.samples.tools.FashionMnistFolders <output dir>
 * [per class]} exports Fashion-MNIST train and test to {@code <output dir>/train} and {@code <output dir>/test}.
 */
public final class ImageFolderExport {

    private ImageFolderExport() {
    }

    /** Folder name for a class name: '/', '\\', ':' and spaces become '_'. */
    public static String folderName(String className) {
        return className.replaceAll("[/\\\\:*?\"<>|\\s]", "_");
    }

    /**
     * Writes up to {@code perClass} images of every class to {@code dir/<class>/<index>.png} (index = position
     * in {@code images}); each file is written to a temp file first and moved into place.
     *
     * @return number of files written
     */
    public static int write(LabeledImages images, Path dir, int perClass) {
        INDArray x = images.features();
        int c = (int) x.size(1);
        int h = (int) x.size(2);
        int w = (int) x.size(3);
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException("can only export 1- or 3-channel images, got " + c + " channels");
        }
        int[] written = new int[images.numClasses()];
        int total = 0;
        try {
            for (String name : images.classNames()) {
                Files.createDirectories(dir.resolve(folderName(name)));
            }
            int digits = Integer.toString(images.size()).length();
            for (int i = 0; i < images.size(); i++) {
                int label = images.labels()[i];
                if (written[label] >= perClass) {
                    continue;
                }
                BufferedImage img = new BufferedImage(w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
                WritableRaster raster = img.getRaster();
                float[] pixels = x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).dup('c').data().asFloat();
                for (int ch = 0; ch < c; ch++) {
                    for (int yy = 0; yy < h; yy++) {
                        for (int xx = 0; xx < w; xx++) {
                            float v = pixels[(ch * h + yy) * w + xx];
                            raster.setSample(xx, yy, ch, Math.max(0, Math.min(255, Math.round(v))));
                        }
                    }
                }
                Path target = dir.resolve(folderName(images.classNames().get(label)))
                        .resolve(String.format(Locale.ROOT, "%0" + digits + "d.png", i));
                Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
                if (!ImageIO.write(img, "png", tmp.toFile())) {
                    throw new IOException("no PNG writer available");
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                written[label]++;
                total++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export images to " + dir + ": " + e.getMessage(), e);
        }
        return total;
    }
}

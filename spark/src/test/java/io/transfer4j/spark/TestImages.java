package io.transfer4j.spark;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Small synthetic images written to disk: stripes whose direction is the class (horizontal, vertical, diagonal),
 * with random phase, colour and noise; and the awkward kinds of file a real folder holds (gray, RGBA, 16-bit,
 * JPEG, corrupt, empty).
 */
final class TestImages {
    static final List<String> CLASSES = List.of("horizontal", "vertical", "diagonal");

    private TestImages() {
    }

    /** {@code perClass} images of each class under {@code root/<class>/}, 28x28 RGB PNG; returns the files. */
    static List<Path> stripes(Path root, int perClass, long seed) throws IOException {
        Random r = new Random(seed);
        List<Path> files = new ArrayList<>();
        for (int c = 0; c < CLASSES.size(); c++) {
            Path dir = Files.createDirectories(root.resolve(CLASSES.get(c)));
            for (int i = 0; i < perClass; i++) {
                Path f = dir.resolve(CLASSES.get(c) + i + ".png");
                ImageIO.write(stripe(c, r, BufferedImage.TYPE_INT_RGB), "png", f.toFile());
                files.add(f);
            }
        }
        return files;
    }

    /** One image of class {@code c} in the given BufferedImage type. */
    static BufferedImage stripe(int c, Random r, int type) {
        int size = 28;
        int period = 4 + r.nextInt(3);
        int phase = r.nextInt(period);
        int fg = 0xFF000000 | (150 + r.nextInt(100)) << 16 | (150 + r.nextInt(100)) << 8 | (150 + r.nextInt(100));
        BufferedImage img = new BufferedImage(size, size, type);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int t = switch (c) {
                    case 0 -> y;
                    case 1 -> x;
                    default -> x + y;
                };
                boolean on = (t + phase) % period < period / 2;
                int noise = r.nextInt(40);
                int v = on ? fg : 0xFF000000 | noise << 16 | noise << 8 | noise;
                img.setRGB(x, y, type == BufferedImage.TYPE_INT_ARGB ? (v & 0x00FFFFFF) | (128 + r.nextInt(128)) << 24 : v);
            }
        }
        return img;
    }

    /** One file of each kind the loaders convert: RGB, gray, RGBA PNGs, a 16-bit gray PNG and a JPEG. */
    static List<Path> mixedKinds(Path dir) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(7);
        List<Path> files = new ArrayList<>();
        files.add(write(stripe(0, r, BufferedImage.TYPE_INT_RGB), "png", dir.resolve("rgb.png")));
        files.add(write(stripe(1, r, BufferedImage.TYPE_BYTE_GRAY), "png", dir.resolve("gray.png")));
        files.add(write(stripe(2, r, BufferedImage.TYPE_INT_ARGB), "png", dir.resolve("rgba.png")));
        files.add(write(stripe(0, r, BufferedImage.TYPE_USHORT_GRAY), "png", dir.resolve("gray16.png")));
        files.add(write(stripe(1, r, BufferedImage.TYPE_INT_RGB), "jpg", dir.resolve("photo.jpg")));
        return files;
    }

    /** A file with a PNG name that is not an image, and an empty one. */
    static List<Path> badFiles(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path corrupt = Files.write(dir.resolve("corrupt.png"), "not an image at all".getBytes());
        Path empty = Files.write(dir.resolve("empty.png"), new byte[0]);
        return List.of(corrupt, empty);
    }

    private static Path write(BufferedImage img, String format, Path f) throws IOException {
        if (!ImageIO.write(img, format, f.toFile())) {
            throw new IOException("no ImageIO writer for " + format + " " + img.getType());
        }
        return f;
    }
}

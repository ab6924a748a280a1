package io.transfer4j.transfer.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Writes small test images with ImageIO. */
final class TestImages {

    private TestImages() {
    }

    /** A solid colour image, 0xRRGGBB; format "png", "jpg" or "bmp". */
    static Path rgb(Path file, int w, int h, int rgb, String format) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        return write(img, file, format);
    }

    /** An RGB image with a gradient (so flips, crops and rotations change pixels) tinted by {@code rgb}. */
    static Path pattern(Path file, int w, int h, int rgb, String format) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = ((rgb >> 16 & 0xff) * x / w);
                int g = ((rgb >> 8 & 0xff) * y / h);
                int b = (rgb & 0xff) * (x + y) / (w + h);
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return write(img, file, format);
    }

    static Path gray(Path file, int w, int h, int value, String format) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, value);
            }
        }
        return write(img, file, format);
    }

    static Path gray16(Path file, int w, int h, int value) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, value);
            }
        }
        return write(img, file, "png");
    }

    /** Solid colour with alpha, 0xAARRGGBB. */
    static Path rgba(Path file, int w, int h, int argb) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, argb);
            }
        }
        return write(img, file, "png");
    }

    /** A PNG whose header claims {@code w × h} pixels but which holds no image data (a "decompression bomb" header). */
    static Path hugeHeaderPng(Path file, int w, int h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IEND", new byte[0]);
        Files.write(file, out.toByteArray());
        return file;
    }

    /** The first {@code fraction} of a valid file: the header survives, the pixel data does not. */
    static Path truncated(Path file, Path valid, double fraction) throws IOException {
        byte[] bytes = Files.readAllBytes(valid);
        Files.write(file, Arrays.copyOf(bytes, (int) (bytes.length * fraction)));
        return file;
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static Path write(BufferedImage img, Path file, String format) throws IOException {
        Files.createDirectories(file.getParent());
        if (!ImageIO.write(img, format, file.toFile())) {
            throw new IOException("no ImageIO writer for " + format);
        }
        return file;
    }
}

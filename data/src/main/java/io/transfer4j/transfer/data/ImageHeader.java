package io.transfer4j.transfer.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Size and format of an image read from its header only (via {@link ImageIO}, without decoding the pixels),
 * so a folder can be checked quickly and decompression bombs are refused before any pixel buffer is
 * allocated. The format is recognised from the content, not the file name.
 *
 * @param format     e.g. "png", "JPEG", "bmp"
 * @param width      pixels
 * @param height     pixels
 * @param bitsPerChannel 8 or 16 (0 if the header does not say, e.g. some CMYK JPEGs)
 */
public record ImageHeader(String format, int width, int height, int bitsPerChannel) {

    /** Pixel count, as a long so huge images do not overflow. */
    public long pixels() {
        return (long) width * height;
    }

    /**
     * Reads the header of {@code file}.
     *
     * @throws IOException if no reader recognises the content or the header is damaged; the message names the file
     */
    public static ImageHeader read(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new IOException("cannot open " + file);
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("not a recognised image (content is not JPEG, PNG or BMP)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                int bits = 0;
                try {
                    ImageTypeSpecifier type = reader.getRawImageType(0);
                    if (type != null) {
                        bits = type.getColorModel().getComponentSize(0);
                    }
                } catch (IOException | RuntimeException unknownType) {
                    // Some valid files (CMYK JPEG) have no Java2D raw type; OpenCV decodes them anyway.
                    bits = 0;
                }
                return new ImageHeader(reader.getFormatName(), width, height, bits);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            // ImageIO plugins throw unchecked exceptions on some damaged headers.
            throw new IOException("damaged image header (" + e + ")", e);
        }
    }
}

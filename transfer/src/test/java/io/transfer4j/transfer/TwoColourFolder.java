package io.transfer4j.transfer;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/** A tiny image folder for tests: two classes of noisy 16x16 PNGs, red-ish and blue-ish. */
public final class TwoColourFolder {
    private TwoColourFolder() {
    }

    /** {@code root/{blue,red}/0..perClass-1.png}, the same pixels on every call. */
    public static Path write(Path root, int perClass) throws Exception {
        Random r = new Random(1);
        for (String c : List.of("blue", "red")) {
            Files.createDirectories(root.resolve(c));
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 16; y++) {
                    for (int x = 0; x < 16; x++) {
                        int v = r.nextInt(80);
                        img.setRGB(x, y, c.equals("red") ? (175 + v) << 16 | v << 8 | v : v << 16 | v << 8 | (175 + v));
                    }
                }
                ImageIO.write(img, "png", root.resolve(c).resolve(i + ".png").toFile());
            }
        }
        return root;
    }
}

package io.transfer4j.samples.roads;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Writes a toy {@code roads/} folder of synthetic textures, so the road-type pipeline can be tried (and
 * tested) without photos: cobblestone = a grid of rounded stones, interlocking = a brick bond,
 * unpaved = gravel noise. Each image has its own random scale, offset and colours.
 *
 * <pre>{@code SyntheticRoads.write(Path.of("roads"), 30, 64);   // 30 PNGs of 64×64 per class}</pre>
 */
public final class SyntheticRoads {
    /** The course's three classes, in label order (sorted, as ImageFolder reads them). */
    public static final List<String> CLASSES = List.of("cobblestone", "interlocking", "unpaved");

    private SyntheticRoads() {
    }

    /** Writes {@code perClass} PNGs of {@code size}×{@code size} into {@code root/<class>/}; returns root. */
    public static Path write(Path root, int perClass, int size) throws IOException {
        Random r = new Random(42);
        for (String c : CLASSES) {
            Files.createDirectories(root.resolve(c));
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = img.createGraphics();
                int cell = size / 6 + r.nextInt(size / 8 + 1);
                int dx = r.nextInt(cell);
                int dy = r.nextInt(cell);
                int shade = 90 + r.nextInt(60);
                if (c.equals("unpaved")) {
                    for (int y = 0; y < size; y++) {
                        for (int x = 0; x < size; x++) {
                            int v = shade + (int) (r.nextGaussian() * 30);
                            img.setRGB(x, y, new Color(clamp(v + 30), clamp(v + 10), clamp(v - 20)).getRGB());
                        }
                    }
                } else {
                    g.setColor(new Color(shade / 3, shade / 3, shade / 3));   // dark joints
                    g.fillRect(0, 0, size, size);
                    for (int row = -1; row * cell < size + cell; row++) {
                        boolean bricks = c.equals("interlocking");
                        int w = bricks ? 2 * cell : cell;
                        int offset = bricks && row % 2 != 0 ? cell : 0;   // the bond: every other row half a brick over
                        for (int x = -w; x < size + w; x += w) {
                            int v = shade + r.nextInt(40) - 20;
                            g.setColor(bricks ? new Color(clamp(v + 60), clamp(v - 10), clamp(v - 30)) : new Color(clamp(v), clamp(v), clamp(v)));
                            int px = x + offset + dx;
                            int py = row * cell + dy;
                            if (bricks) {
                                g.fillRect(px + 1, py + 1, w - 2, cell - 2);
                            } else {
                                g.fillOval(px + 1, py + 1, w - 2, cell - 2);
                            }
                        }
                    }
                }
                g.dispose();
                ImageIO.write(img, "png", root.resolve(c).resolve(String.format("%s_%03d.png", c, i)).toFile());
            }
        }
        return root;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}

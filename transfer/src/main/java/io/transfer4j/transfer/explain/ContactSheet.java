package io.transfer4j.transfer.explain;

import io.transfer4j.transfer.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * One page showing many pictures (Grad-CAM overlays of every image in a folder): an HTML page that links them, grouped
 * under a heading per image, and a PNG of their thumbnails with captions. Both are written atomically.
 *
 * <pre>{@code
 * ContactSheet sheet = ContactSheet.titled("Grad-CAM at block5_conv3");
 * sheet.add("photos/cat.jpg", Path.of("out/cat-281.png"), "tabby 0.93");
 * sheet.writeHtml(Path.of("out/index.html"));
 * sheet.writePng(Path.of("out/contact-sheet.png"), 160, 6);
 * }</pre>
 */
public final class ContactSheet {
    private final String title;
    private final Map<String, List<Entry>> groups = new LinkedHashMap<>();

    private record Entry(Path png, String caption) {
    }

    private ContactSheet(String title) {
        this.title = title;
    }

    public static ContactSheet titled(String title) {
        return new ContactSheet(title);
    }

    /** Adds picture {@code png} with its caption under {@code group} (e.g. the image it explains). */
    public ContactSheet add(String group, Path png, String caption) {
        groups.computeIfAbsent(group, g -> new ArrayList<>()).add(new Entry(png, caption));
        return this;
    }

    /** How many pictures it holds. */
    public int size() {
        return groups.values().stream().mapToInt(List::size).sum();
    }

    /** The HTML page: a heading per group, each picture linked relative to {@code file}'s folder, with its caption. */
    public Path writeHtml(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title></head><body>\n<h1>").append(esc(title)).append("</h1>\n");
        groups.forEach((group, entries) -> {
            html.append("<h2>").append(esc(group)).append("</h2>\n");
            for (Entry e : entries) {
                String src = dir.relativize(e.png().toAbsolutePath()).toString().replace('\\', '/');
                html.append("<figure style=\"display:inline-block\"><img src=\"").append(esc(src)).append("\"><figcaption>")
                        .append(esc(e.caption())).append("</figcaption></figure>\n");
            }
        });
        html.append("</body></html>\n");
        byte[] bytes = html.toString().getBytes(StandardCharsets.UTF_8);
        try {
            AtomicFiles.write(file, o -> o.write(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** The PNG: every picture as a thumbnail at most {@code thumbWidth} wide, {@code columns} per row, captioned "group: caption". */
    public Path writePng(Path file, int thumbWidth, int columns) {
        if (size() == 0) {
            throw new IllegalStateException("the contact sheet is empty: add pictures first");
        }
        List<BufferedImage> thumbs = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        groups.forEach((group, entries) -> {
            for (Entry e : entries) {
                thumbs.add(Pictures.thumbnail(read(e.png()), thumbWidth));
                captions.add(Path.of(group).getFileName() + ": " + e.caption());
            }
        });
        return Pictures.write(Pictures.tiles(thumbs, captions, columns), file);
    }

    private static BufferedImage read(Path png) {
        try {
            BufferedImage img = ImageIO.read(png.toFile());
            if (img == null) {
                throw new IOException("not an image");
            }
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + png + " for the contact sheet: " + e.getMessage(), e);
        }
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

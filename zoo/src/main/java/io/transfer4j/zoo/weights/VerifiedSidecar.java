package io.transfer4j.zoo.weights;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * {@code <file>.verified}: the size, modification time and checksum a cached file had when it was last
 * verified. If the file still has that size and time, re-hashing 500 MB on every run is skipped; any
 * change (truncation, a rewrite, a copy over it) forces a full re-hash.
 */
final class VerifiedSidecar {
    private VerifiedSidecar() {
    }

    static Path of(Path file) {
        return file.resolveSibling(file.getFileName() + ".verified");
    }

    /** Whether the sidecar vouches for {@code file} having {@code hash}. */
    static boolean vouchesFor(Path file, HashAlgorithm algorithm, String hash) {
        Path side = of(file);
        if (!Files.isRegularFile(side)) {
            return false;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(side, StandardCharsets.UTF_8)) {
            p.load(r);
            return Long.toString(Files.size(file)).equals(p.getProperty("size"))
                    && Long.toString(Files.getLastModifiedTime(file).toMillis()).equals(p.getProperty("mtime"))
                    && algorithm.name().equals(p.getProperty("algorithm"))
                    && hash.equals(p.getProperty("hash"));
        } catch (IOException | IllegalArgumentException e) {
            return false;       // unreadable sidecar: fall back to hashing
        }
    }

    /** The checksum the sidecar recorded for {@code file} in {@code algorithm}, whatever the file is now; null if none. */
    static String recordedHash(Path file, HashAlgorithm algorithm) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(of(file), StandardCharsets.UTF_8)) {
            p.load(r);
            return algorithm.name().equals(p.getProperty("algorithm")) ? p.getProperty("hash") : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Records that {@code file} was just verified to have {@code hash}. Best effort: a failure only costs a re-hash later. */
    static void record(Path file, HashAlgorithm algorithm, String hash) {
        Path side = of(file);
        Path tmp = null;
        try {
            // A unique temp name: this runs outside the entry lock, possibly in two processes at once.
            tmp = Files.createTempFile(side.getParent(), side.getFileName().toString(), ".tmp");
            Properties p = new Properties();
            p.setProperty("size", Long.toString(Files.size(file)));
            p.setProperty("mtime", Long.toString(Files.getLastModifiedTime(file).toMillis()));
            p.setProperty("algorithm", algorithm.name());
            p.setProperty("hash", hash);
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "transfer4j: last verification of " + file.getFileName());
            }
            Downloader.moveIntoPlace(tmp, side);
        } catch (IOException | WeightsException e) {
            try {
                if (tmp != null) {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException ignored) {
                // Left-over tmp is harmless and replaced next time.
            }
        }
    }

    static void remove(Path file) throws IOException {
        Files.deleteIfExists(of(file));
    }
}

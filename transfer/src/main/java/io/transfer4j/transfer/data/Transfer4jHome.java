package io.transfer4j.transfer.data;

import java.nio.file.Path;

/**
 * The transfer4j home directory: system property {@code transfer4j.home}, else environment variable
 * {@code TRANSFER4J_HOME}, else {@code ~/.transfer4j}. Datasets live in {@code <home>/datasets}.
 */
final class Transfer4jHome {

    private Transfer4jHome() {
    }

    static Path root() {
        String p = System.getProperty("transfer4j.home");
        if (p == null || p.isBlank()) {
            p = System.getenv("TRANSFER4J_HOME");
        }
        if (p == null || p.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".transfer4j");
        }
        return Path.of(p);
    }

    static Path datasets() {
        return root().resolve("datasets");
    }
}

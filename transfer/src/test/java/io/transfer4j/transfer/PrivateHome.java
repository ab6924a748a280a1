package io.transfer4j.transfer;

import io.transfer4j.zoo.weights.CacheSettings;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Points transfer4j's home (frozen-weights store, caches) at a folder of the test's own for each test and puts the
 * previous value back after it, so tests that write the store neither see nor leave another test's files.
 *
 * <pre>{@code @RegisterExtension final PrivateHome home = new PrivateHome(() -> dir.resolve("home"));}</pre>
 */
final class PrivateHome implements BeforeEachCallback, AfterEachCallback {
    private final Supplier<Path> folder;
    private String before;

    PrivateHome(Supplier<Path> folder) {
        this.folder = folder;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        before = System.getProperty(CacheSettings.HOME_PROPERTY);
        System.setProperty(CacheSettings.HOME_PROPERTY, folder.get().toString());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (before == null) {
            System.clearProperty(CacheSettings.HOME_PROPERTY);
        } else {
            System.setProperty(CacheSettings.HOME_PROPERTY, before);
        }
    }
}

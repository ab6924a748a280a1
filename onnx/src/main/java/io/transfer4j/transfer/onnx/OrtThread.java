package io.transfer4j.transfer.onnx;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The one thread every ONNX Runtime call runs on, with a 32 MB stack. Measured here (ORT 1.29.0, ND4J
 * M2.1 natives loaded in the same JVM): creating the environment and a ResNet50-size session on an ordinary
 * Java thread (1 MB stack) kills the JVM with SIGSEGV and no error file; on a thread with an 8 MB or larger
 * stack, or with {@code -Xss8m}, it works. Small models do not trigger it, so the cause is stack depth.
 */
final class OrtThread {
    private static final long STACK_BYTES = 32L << 20;
    private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(null, r, "transfer4j-onnxruntime", STACK_BYTES);
        t.setDaemon(true);
        return t;
    });

    private OrtThread() {
    }

    /** Runs {@code call} on the ORT thread and returns its result; its exceptions come back unchanged. */
    static <T> T call(Callable<T> call) {
        try {
            return THREAD.submit(call).get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c.getMessage(), c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for ONNX Runtime", e);
        }
    }
}

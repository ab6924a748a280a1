package io.transfer4j.dsl;

import org.nd4j.common.io.Resource;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4jBackend;

/**
 * Runs {@link Natives#select()} from ND4J's own start-up, so the native build is right whatever touches ND4J first
 * ({@code Nd4j.rand} in a user's {@code main}, a test, a Spark executor deserialising an {@code INDArray}, a
 * DataVec loader, {@code ModelSerializer}).
 *
 * <p>Why this works: {@code Nd4jBackend.load()} — the first thing {@code Nd4j}'s static initialiser does — makes an
 * instance of every backend listed in {@code META-INF/services/org.nd4j.linalg.factory.Nd4jBackend} before it asks
 * any of them {@code isAvailable()}, and no backend's constructor loads {@code libnd4jcpu.so} (checked with javap on
 * M2.1's {@code CpuBackend}). This class is listed there; its constructor chooses the build before javacpp loads one.
 *
 * <p>It never becomes the backend: its priority is the lowest, so ND4J picks the real CPU (or CUDA) backend first.
 * Only when the choice was refused (an override or a javacpp key naming a build this CPU cannot run) does it rank
 * first and fail ND4J's start-up with {@link NativeBuildError} — an exception naming the setting, instead of the
 * {@code SIGILL} that loading that build would end in. (ND4J catches {@code Exception} from {@code isAvailable()}
 * and logs it; an {@code Error} reaches the caller.)
 *
 * <pre>{@code
 * INDArray x = Nd4j.rand(3, 16);     // first line of main: the hook has already chosen, e.g. avx2 on an AMD EPYC
 * }</pre>
 */
public final class NativesHook extends Nd4jBackend {
    private final RuntimeException refusal;

    /** Called by ND4J's ServiceLoader. */
    public NativesHook() {
        RuntimeException failed = null;
        try {
            Natives.select();
        } catch (IllegalStateException | IllegalArgumentException e) {
            failed = e;
        }
        this.refusal = failed;
    }

    @Override
    public int getPriority() {
        // ND4J sorts by o2 - o1: stay far from Integer limits so the subtraction cannot overflow.
        return refusal == null ? -1_000_000 : 1_000_000;
    }

    @Override
    public boolean isAvailable() {
        if (refusal != null) {
            throw new NativeBuildError(refusal.getMessage(), refusal);
        }
        return false;
    }

    @Override
    public boolean canRun() {
        return false;
    }

    @Override
    public boolean allowsOrder() {
        return false;
    }

    @Override
    public Resource getConfigurationResource() {
        throw new UnsupportedOperationException("NativesHook only chooses the native build; it is not a backend");
    }

    @Override
    public Class getNDArrayClass() {
        throw new UnsupportedOperationException("NativesHook only chooses the native build; it is not a backend");
    }

    @Override
    public Environment getEnvironment() {
        throw new UnsupportedOperationException("NativesHook only chooses the native build; it is not a backend");
    }

    @Override
    public String buildInfo() {
        return "transfer4j natives hook";
    }

    @Override
    public void logBackendInit() {
        // nothing: Natives.select() already logged its choice once
    }

    /** ND4J start-up refused: the requested native build cannot run on this CPU (an Error so ND4J does not swallow it). */
    public static final class NativeBuildError extends LinkageError {
        NativeBuildError(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

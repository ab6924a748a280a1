package io.transfer4j.transfer.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One ONNX Runtime session per exported file in a process, shared by every {@link OrtEngine} over that file. Opening
 * a ResNet50 session (graph optimisation, weight packing) costs about a second of CPU, and a fine-tune opens the
 * same trunk file three times (feature cache, test evaluation, predictions). A session no engine uses stays open
 * for the next one, up to {@link #IDLE} of them (the least recently released is closed first).
 *
 * <p>Sessions are keyed by the file's path, size and modification time, so a file written again gets a new session.
 * Called on {@link OrtThread} only.
 */
final class OrtSessions {
    /** Sessions kept open while no engine uses them. */
    static final int IDLE = 2;

    private static final class Shared {
        final OrtSession session;
        int users;

        Shared(OrtSession session) {
            this.session = session;
        }
    }

    // insertion order = release order for idle sessions: the first idle one found is the least recently released
    private static final Map<String, Shared> SESSIONS = new LinkedHashMap<>();
    private static int opened;

    private OrtSessions() {
    }

    /** The shared session over {@code file}, opened now if there is none; give it back with {@link #release}. */
    static synchronized OrtSession acquire(OrtEnvironment env, Path file) {
        String key = key(file);
        Shared s = SESSIONS.get(key);
        if (s == null) {
            s = new Shared(open(env, file));
            SESSIONS.put(key, s);
            opened++;
        }
        s.users++;
        return s.session;
    }

    /** Gives back a session from {@link #acquire}; it stays open for the next engine, within {@link #IDLE}. */
    static synchronized void release(OrtSession session) {
        for (Iterator<Map.Entry<String, Shared>> it = SESSIONS.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Shared> e = it.next();
            if (e.getValue().session == session) {
                it.remove();
                e.getValue().users--;
                SESSIONS.put(e.getKey(), e.getValue());   // now the most recently released
                break;
            }
        }
        closeIdleBeyond(IDLE);
    }

    /** How many sessions this process has opened so far (what tests count). */
    static synchronized int opened() {
        return opened;
    }

    private static void closeIdleBeyond(int keep) {
        long idle = SESSIONS.values().stream().filter(s -> s.users == 0).count();
        for (Iterator<Shared> it = SESSIONS.values().iterator(); it.hasNext() && idle > keep; ) {
            Shared s = it.next();
            if (s.users == 0) {
                it.remove();
                idle--;
                try {
                    s.session.close();
                } catch (OrtException e) {
                    throw new IllegalStateException("cannot close an ONNX Runtime session: " + e.getMessage(), e);
                }
            }
        }
    }

    private static OrtSession open(OrtEnvironment env, Path file) {
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // Worker threads sleep between operators instead of spinning: measured on this 2-core machine under load,
            // ResNet50 on 40 images took 4.2 s of CPU and 9.2 s wall without spinning, 5.6-6.2 s and 12.7-15.6 s with
            // it (BENCHMARKS.md); an operator of a CNN runs for milliseconds, so waking a thread costs nothing visible.
            opts.addConfigEntry("session.intra_op.allow_spinning", "0");
            return env.createSession(file.toString(), opts);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load " + file + ": " + e.getMessage(), e);
        }
    }

    private static String key(Path file) {
        try {
            Path p = file.toAbsolutePath().normalize();
            return p + "|" + Files.size(p) + "|" + Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException("ONNX Runtime cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}

package io.transfer4j.zoo.weights;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A local HTTP server on 127.0.0.1 for download tests: records every request and misbehaves on demand. */
final class TestServer implements AutoCloseable {

    /** What the server saw: path and Range header (null when absent). */
    record Request(String path, String range) {
    }

    /** Answers one request; {@code n} counts requests to this path from 1. */
    interface Responder {
        void respond(HttpExchange ex, int n) throws IOException;
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-http");
        t.setDaemon(true);
        return t;
    });
    /** Released on close so stalled handlers end. */
    final CountDownLatch closing = new CountDownLatch(1);

    TestServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Serves {@code path} with {@code responder}. */
    TestServer on(String path, Responder responder) {
        AtomicInteger count = new AtomicInteger();
        server.createContext("/" + path, ex -> {
            requests.add(new Request(ex.getRequestURI().getPath(), ex.getRequestHeaders().getFirst("Range")));
            try {
                responder.respond(ex, count.incrementAndGet());
            } finally {
                ex.close();
            }
        });
        return this;
    }

    /** Requests to {@code path} so far. */
    List<Request> requestsTo(String path) {
        return requests.stream().filter(r -> r.path().equals("/" + path)).toList();
    }

    /** A well-behaved file server with Range support. */
    static Responder file(byte[] body) {
        return (ex, n) -> send(ex, body, true, -1, 0);
    }

    /**
     * Sends {@code body} (from the requested Range if {@code honourRange}), stopping after {@code cutAfter}
     * bytes of the response with the connection dropped (-1: send all), pausing {@code delayMs} per 16 KB.
     */
    static void send(HttpExchange ex, byte[] body, boolean honourRange, long cutAfter, long delayMs) throws IOException {
        int start = 0;
        String range = ex.getRequestHeaders().getFirst("Range");
        Matcher m = range == null ? null : RANGE.matcher(range);
        if (honourRange && m != null && m.matches()) {
            start = Integer.parseInt(m.group(1));
            if (start >= body.length) {
                ex.getResponseHeaders().add("Content-Range", "bytes */" + body.length);
                ex.sendResponseHeaders(416, -1);
                return;
            }
            ex.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
            ex.sendResponseHeaders(206, body.length - start);
        } else {
            ex.sendResponseHeaders(200, body.length);
        }
        OutputStream out = ex.getResponseBody();
        int sent = 0;
        for (int i = start; i < body.length; i += 16384) {
            int len = Math.min(16384, body.length - i);
            if (cutAfter >= 0 && sent + len > cutAfter) {
                out.write(body, i, (int) (cutAfter - sent));
                out.flush();
                // Leaves the declared length unmet: the server drops the connection mid-body.
                throw new IOException("test server cuts the connection");
            }
            out.write(body, i, len);
            out.flush();
            sent += len;
            if (delayMs > 0) {
                pause(delayMs);
            }
        }
    }

    /** Sleeps, ending early when the server closes. */
    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Blocks a handler until the server closes (a stalled server). */
    void stall() {
        try {
            closing.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void status(HttpExchange ex, int code) throws IOException {
        byte[] msg = ("status " + code).getBytes();
        ex.sendResponseHeaders(code, msg.length);
        ex.getResponseBody().write(msg);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        pool.shutdownNow();
    }
}

package io.transfer4j.zoo.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny HTTP proxy on 127.0.0.1 for download tests: tunnels {@code CONNECT host:port} (what clients do for
 * https) and forwards absolute-form requests ({@code GET http://host/path}, what they do for http), recording
 * each request line. It only ever connects to 127.0.0.1.
 */
final class TestProxy implements AutoCloseable {
    final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    TestProxy() throws IOException {
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "test-proxy");
        t.setDaemon(true);
        t.start();
    }

    /** {@code http://127.0.0.1:<port>}: the value for HTTPS_PROXY / HTTP_PROXY. */
    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread t = new Thread(() -> handle(client), "test-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            String head = readHead(in);
            String line = head.substring(0, head.indexOf("\r\n"));
            requestLines.add(line);
            String[] parts = line.split(" ");
            if (parts[0].equals("CONNECT")) {
                int port = Integer.parseInt(parts[1].substring(parts[1].lastIndexOf(':') + 1));
                try (Socket target = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    open.add(target);
                    client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    client.getOutputStream().flush();
                    pipe(client, target, in);
                }
                return;
            }
            URI uri = URI.create(parts[1]);
            try (Socket target = new Socket(InetAddress.getLoopbackAddress(), uri.getPort())) {
                open.add(target);
                // Origin-form request line, same headers; "Connection: close" so one exchange ends the tunnel.
                String rest = head.substring(head.indexOf("\r\n") + 2).replaceAll("(?im)^(proxy-)?connection:.*\r\n", "");
                String forwarded = parts[0] + " " + uri.getRawPath() + " " + parts[2] + "\r\nConnection: close\r\n" + rest;
                target.getOutputStream().write(forwarded.getBytes(StandardCharsets.US_ASCII));
                target.getOutputStream().flush();
                target.getInputStream().transferTo(client.getOutputStream());
            }
        } catch (IOException | RuntimeException e) {
            // a test's client went away: nothing to report
        }
    }

    private static void pipe(Socket client, Socket target, InputStream clientIn) throws IOException {
        Thread up = new Thread(() -> {
            try {
                clientIn.transferTo(target.getOutputStream());
                target.shutdownOutput();
            } catch (IOException e) {
                // closed
            }
        }, "test-proxy-up");
        up.setDaemon(true);
        up.start();
        target.getInputStream().transferTo(client.getOutputStream());
    }

    /** The request line and headers, up to the blank line. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            byte[] a = b.toByteArray();
            int n = a.length;
            if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
                break;
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}

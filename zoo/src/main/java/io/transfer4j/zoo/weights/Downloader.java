package io.transfer4j.zoo.weights;

import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * Fetches one file over HTTP(S) into place, so that the target path either does not exist or holds the
 * complete file with the pinned checksum. Bytes go to {@code <target>.part}; an interrupted transfer is
 * resumed with a {@code Range} request (a server that ignores it and answers 200 is handled by starting
 * over); 5xx, 408/429, resets and time-outs are retried with exponential backoff; 401/403/404/410 fail at
 * once; redirects are followed by hand so that loops are bounded and every hop obeys the HTTPS rule.
 * Callers that share a target across threads or processes must hold a lock (see {@link ModelCache}).
 * Connections go through the proxy that {@code HTTPS_PROXY} / {@code HTTP_PROXY} / {@code NO_PROXY} (or the Java
 * properties) name ({@link EnvironmentProxySelector}); mirrors that need a login get their
 * {@code Authorization} header from {@link MirrorCredentials}, on requests to their own host only.
 *
 * <pre>{@code
 * Downloader d = new Downloader(DownloadOptions.defaults(), url -> false);   // HTTPS only
 * d.fetch(URI.create("https://host/f.h5"), Path.of("cache/f.h5"), HashAlgorithm.MD5,
 *         "64373286793e3c8b2b4e3219cbf3544b", DownloadListener.progressBar(System.err));
 * }</pre>
 */
public final class Downloader {
    private final DownloadOptions options;
    private final Predicate<URI> plainHttpAllowed;
    private final MirrorCredentials credentials;
    private final HttpClient client;

    /**
     * A downloader through the environment's proxy, without mirror credentials.
     *
     * @param options          retry, time-out and redirect bounds
     * @param plainHttpAllowed which {@code http://} URLs may be fetched (explicitly configured mirrors);
     *                         everything else must be {@code https://}
     */
    public Downloader(DownloadOptions options, Predicate<URI> plainHttpAllowed) {
        this(options, plainHttpAllowed, EnvironmentProxySelector.fromEnvironment(), MirrorCredentials.none());
    }

    /**
     * @param proxy       the proxy for each URL ({@link EnvironmentProxySelector#fromEnvironment()})
     * @param credentials mirror logins, sent only to their own host and port
     */
    public Downloader(DownloadOptions options, Predicate<URI> plainHttpAllowed, ProxySelector proxy, MirrorCredentials credentials) {
        this(options, plainHttpAllowed, proxy, credentials, null);
    }

    /** The same with a given TLS context (tests trust their own server's certificate this way); null: the JDK's. */
    Downloader(DownloadOptions options, Predicate<URI> plainHttpAllowed, ProxySelector proxy, MirrorCredentials credentials,
               SSLContext tls) {
        this.options = options;
        this.plainHttpAllowed = plainHttpAllowed;
        this.credentials = credentials;
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .proxy(proxy);
        if (tls != null) {
            b.sslContext(tls);
        }
        this.client = b.build();
    }

    /** The partial file a download of {@code target} writes to. */
    public static Path partFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    /**
     * Downloads {@code url} to {@code target}, verifying the checksum before the atomic move into place.
     * {@code expectedHash} null (the publisher pins none) takes the complete file as it came.
     *
     * @return the file's checksum in {@code algorithm}
     * @throws DownloadException     when the server refuses, or attempts run out (the {@code .part} is kept for resuming)
     * @throws HashMismatchException when the complete file has the wrong checksum (nothing is left behind)
     * @throws WeightsException      when the local file cannot be written
     */
    public String fetch(URI url, Path target, HashAlgorithm algorithm, String expectedHash, DownloadListener listener) {
        String expected = expectedHash == null ? null : algorithm.normalize(expectedHash);
        Path part = partFile(target);
        long best = size(part);
        int fruitless = 0;
        Duration backoff = options.initialBackoff();
        boolean restartedAfterMismatch = false;
        while (true) {
            long offset = size(part);
            try {
                attempt(url, part, offset, target.getFileName().toString(), listener);
            } catch (RetryableFailure r) {
                long now = size(part);
                if (now > best) {
                    best = now;             // resuming made progress: does not use up the budget
                    fruitless = 0;
                    backoff = options.initialBackoff();
                } else {
                    fruitless++;
                }
                if (fruitless >= options.maxAttempts()) {
                    throw new DownloadException("giving up on " + r.url + " after " + fruitless + " attempt(s) in a row without progress; last: "
                            + r.getMessage() + (now > 0 ? ". The partial file " + part + " (" + now + " bytes) is kept and the next run resumes from it" : ""),
                            r.url, r.status, r.getCause());
                }
                listener.retrying(Math.max(fruitless, 1), backoff, r.getMessage());
                sleep(backoff, url);
                backoff = min(backoff.multipliedBy(2), options.maxBackoff());
                continue;
            }
            String actual = hash(algorithm, part);
            if (expected == null || actual.equals(expected)) {
                moveIntoPlace(part, target);
                return actual;
            }
            delete(part);
            if (offset > 0 && !restartedAfterMismatch) {
                // The bytes kept from an earlier attempt may belong to another version of the file.
                restartedAfterMismatch = true;
                listener.note("The resumed file " + target.getFileName() + " has the wrong " + algorithm.label()
                        + "; downloading it again from the start");
                continue;
            }
            throw new HashMismatchException("downloaded " + url + " but its " + algorithm.label() + " is " + actual + ", expected "
                    + expected + "; the file was deleted, nothing was cached. The server (or a mirror) serves a different file: "
                    + "check the mirror setting or import a known-good copy", target, expected, actual);
        }
    }

    private void attempt(URI url, Path part, long offset, String fileName, DownloadListener listener) throws RetryableFailure {
        List<URI> hops = new ArrayList<>();
        URI current = url;
        while (true) {
            hops.add(current);
            checkScheme(current, url);
            DownloadExchange ex = new DownloadExchange(client, options, credentials, current, part, offset, fileName, listener);
            HttpResponse<Long> response = ex.run();
            int status = response.statusCode();
            if (status == 200 || status == 206) {
                if (ex.badRange() != null) {
                    truncate(part);
                    throw new RetryableFailure(current, status, "server answered with " + ex.badRange() + " instead of bytes " + offset
                            + "-; starting over from byte 0", null);
                }
                return;
            }
            if (status == 416 && offset > 0) {
                return;         // the .part is already complete (killed between last byte and rename); verify it
            }
            if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
                String location = response.headers().firstValue("Location").get().trim();
                URI next;
                try {
                    next = current.resolve(location);
                } catch (IllegalArgumentException e) {
                    throw new DownloadException(current + " redirects to a malformed Location '" + location + "'", current, status, e);
                }
                boolean loop = hops.contains(next);
                if (loop || hops.size() > options.maxRedirects()) {
                    hops.add(next);
                    throw new DownloadException((loop ? "redirect loop" : "too many redirects (more than " + options.maxRedirects() + ")")
                            + " while fetching " + url + ": " + chain(hops)
                            + ". The server is misconfigured; use a mirror (transfer4j.mirror.<source>) or import the file", url, status, null);
                }
                current = next;
                continue;
            }
            if (status == 408 || status == 425 || status == 429 || status >= 500) {
                throw new RetryableFailure(current, status, "HTTP " + status + " from " + current, null);
            }
            throw new DownloadException("HTTP " + status + (status == 403 ? " (Forbidden)" : status == 404 ? " (Not Found)"
                    : status == 410 ? " (Gone)" : status == 401 ? " (Unauthorized)" : status == 407 ? " (Proxy Authentication Required)" : "")
                    + " from " + current + (hops.size() > 1 ? " (redirected from " + url + ")" : "") + loginHint(status, current), current, status, null);
        }
    }

    private String loginHint(int status, URI u) {
        if (status == 407) {
            return ". The proxy wants a login, which transfer4j cannot send (the JDK refuses Basic authentication for HTTPS"
                    + " tunnels); use a proxy that lets you through, a mirror inside the network, or import the file";
        }
        if (status != 401 && status != 403) {
            return "";
        }
        return credentials.covers(u) ? ". The login configured for " + u.getHost() + " was refused: check it (the URL's user:pass@, "
                + CacheSettings.TOKEN_ENV + " or ~/.netrc)"
                : status == 401 ? ". The server wants a login: put user:pass@ in the mirror URL, or set " + CacheSettings.TOKEN_ENV
                + " (a Bearer token), or add 'machine " + u.getHost() + " login ... password ...' to ~/.netrc" : "";
    }

    private void checkScheme(URI u, URI original) {
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("https")) {
            return;
        }
        if (scheme.equals("http") && plainHttpAllowed.test(u)) {
            return;
        }
        throw new DownloadException("refusing to download " + u + (u.equals(original) ? "" : " (redirected from " + original + ")")
                + ": transfer4j downloads over HTTPS only. To use a plain-HTTP mirror you trust, configure it explicitly, e.g. "
                + "-Dtransfer4j.mirror.<source>=" + u.getScheme() + "://" + u.getAuthority() + "/... (or TRANSFER4J_MIRROR_<SOURCE>)",
                u, -1, null);
    }

    private static String chain(List<URI> hops) {
        StringBuilder sb = new StringBuilder();
        for (URI h : hops) {
            sb.append(sb.length() == 0 ? "" : " -> ").append(h);
        }
        return sb.toString();
    }

    private static long size(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void truncate(Path part) {
        try (FileChannel c = FileChannel.open(part, StandardOpenOption.WRITE)) {
            c.truncate(0);
        } catch (IOException e) {
            throw new WeightsException("cannot reset partial file " + part + ": " + e.getMessage(), e);
        }
    }

    private static String hash(HashAlgorithm algorithm, Path part) {
        try {
            return algorithm.hash(part);
        } catch (IOException e) {
            throw new WeightsException("cannot read downloaded file " + part + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new WeightsException("cannot delete " + p + ": " + e.getMessage(), e);
        }
    }

    static void moveIntoPlace(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new WeightsException("cannot move " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    private static void sleep(Duration d, URI url) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException("download of " + url + " was interrupted; the partial file is kept for resuming", url, -1, e);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

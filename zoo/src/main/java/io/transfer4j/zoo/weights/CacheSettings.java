package io.transfer4j.zoo.weights;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Where the weight cache lives, which mirrors to use and whether the network may be used. Each setting
 * comes from a system property or, failing that, an environment variable (the property wins):
 *
 * <table>
 * <caption>settings</caption>
 * <tr><td>{@code transfer4j.home} / {@code TRANSFER4J_HOME}</td><td>cache root, default {@code ~/.transfer4j};
 *     files go to {@code <home>/models/<source>/}</td></tr>
 * <tr><td>{@code transfer4j.mirror.<source>} / {@code TRANSFER4J_MIRROR_<SOURCE>}</td><td>base URL replacing a
 *     source's default, e.g. {@code transfer4j.mirror.dl4j=https://my.host/dl4j/}. A plain-{@code http} mirror is
 *     accepted only when configured here explicitly. A login goes in the URL ({@code https://user:pass@host/...}),
 *     {@code TRANSFER4J_MIRROR_TOKEN} or {@code ~/.netrc}: see {@link MirrorCredentials}.</td></tr>
 * <tr><td>{@code transfer4j.offline} / {@code TRANSFER4J_OFFLINE}</td><td>{@code true}: never touch the network</td></tr>
 * <tr><td>{@code transfer4j.download.attempts}, {@code .connectTimeout}, {@code .idleTimeout} (seconds) /
 *     {@code TRANSFER4J_DOWNLOAD_ATTEMPTS}, ...</td><td>see {@link DownloadOptions}</td></tr>
 * </table>
 *
 * <pre>{@code
 * CacheSettings s = CacheSettings.fromEnvironment().withOffline(true);
 * CacheSettings t = new CacheSettings(tmpDir, false, Map.of("dl4j", URI.create("http://127.0.0.1:8080/")),
 *         DownloadOptions.defaults());
 * }</pre>
 *
 * @param home     cache root
 * @param offline  never use the network
 * @param mirrors  source name to base URL
 * @param download retry and time-out bounds
 * @param credentials logins for mirrors (the mirror URLs themselves are kept without {@code user:pass@})
 */
public record CacheSettings(Path home, boolean offline, Map<String, URI> mirrors, DownloadOptions download,
                            MirrorCredentials credentials) {
    public static final String HOME_PROPERTY = "transfer4j.home";
    public static final String HOME_ENV = "TRANSFER4J_HOME";
    public static final String OFFLINE_PROPERTY = "transfer4j.offline";
    public static final String OFFLINE_ENV = "TRANSFER4J_OFFLINE";
    public static final String TOKEN_PROPERTY = "transfer4j.mirror.token";
    public static final String TOKEN_ENV = "TRANSFER4J_MIRROR_TOKEN";

    public CacheSettings {
        home = home.toAbsolutePath().normalize();
        MirrorCredentials c = credentials == null ? MirrorCredentials.none() : credentials;
        Map<String, URI> m = new HashMap<>();
        for (Map.Entry<String, URI> e : mirrors.entrySet()) {
            URI checked = checkMirror(e.getKey(), e.getValue());
            c = c.withUserInfo(checked);
            m.put(e.getKey(), withoutUserInfo(checked));
        }
        mirrors = Map.copyOf(m);
        credentials = c;
    }

    /** Settings whose mirrors need no login other than a {@code user:pass@} in their URL. */
    public CacheSettings(Path home, boolean offline, Map<String, URI> mirrors, DownloadOptions download) {
        this(home, offline, mirrors, download, MirrorCredentials.none());
    }

    /** Settings from this JVM's system properties and environment. */
    public static CacheSettings fromEnvironment() {
        Properties p = System.getProperties();
        Map<String, String> props = new HashMap<>();
        for (String k : p.stringPropertyNames()) {
            props.put(k, p.getProperty(k));
        }
        return from(props, System.getenv());
    }

    /** Settings from the given properties and environment (properties win). */
    public static CacheSettings from(Map<String, String> props, Map<String, String> env) {
        String homeValue = pick(props, env, HOME_PROPERTY, HOME_ENV);
        String userHome = props.getOrDefault("user.home", System.getProperty("user.home"));
        Path home = homeValue == null ? Path.of(userHome, ".transfer4j")
                : homeValue.startsWith("~/") ? Path.of(userHome, homeValue.substring(2)) : Path.of(homeValue);
        String offlineValue = pick(props, env, OFFLINE_PROPERTY, OFFLINE_ENV);
        boolean offline = offlineValue != null && switch (offlineValue.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off", "" -> false;
            default -> throw new IllegalArgumentException(OFFLINE_PROPERTY + " / " + OFFLINE_ENV + " must be true or false, got '" + offlineValue + "'");
        };
        Map<String, URI> mirrors = new HashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("TRANSFER4J_MIRROR_") && !k.equals(TOKEN_ENV) && !v.isBlank()) {
                mirrors.put(k.substring("TRANSFER4J_MIRROR_".length()).toLowerCase(Locale.ROOT).replace('_', '-'), parse(k, v));
            }
        });
        props.forEach((k, v) -> {
            if (k.startsWith("transfer4j.mirror.") && !k.equals(TOKEN_PROPERTY) && !v.isBlank()) {
                mirrors.put(k.substring("transfer4j.mirror.".length()), parse(k, v));
            }
        });
        DownloadOptions d = DownloadOptions.defaults();
        String attempts = pick(props, env, "transfer4j.download.attempts", "TRANSFER4J_DOWNLOAD_ATTEMPTS");
        if (attempts != null) {
            d = d.withMaxAttempts((int) number("transfer4j.download.attempts", attempts));
        }
        String connect = pick(props, env, "transfer4j.download.connectTimeout", "TRANSFER4J_DOWNLOAD_CONNECTTIMEOUT");
        if (connect != null) {
            d = d.withConnectTimeout(Duration.ofSeconds(number("transfer4j.download.connectTimeout", connect)));
        }
        String idle = pick(props, env, "transfer4j.download.idleTimeout", "TRANSFER4J_DOWNLOAD_IDLETIMEOUT");
        if (idle != null) {
            d = d.withIdleTimeout(Duration.ofSeconds(number("transfer4j.download.idleTimeout", idle)));
        }
        MirrorCredentials credentials = MirrorCredentials.none();
        String token = pick(props, env, TOKEN_PROPERTY, TOKEN_ENV);
        String netrc = env.get("NETRC");
        Path netrcFile = netrc != null && !netrc.isBlank() ? Path.of(netrc) : Path.of(userHome, ".netrc");
        for (URI m : mirrors.values()) {
            credentials = credentials.withUserInfo(m);                  // the URL's own user:pass@ first
            if (token != null && !token.isBlank()) {
                credentials = credentials.withToken(m, token);
            }
            credentials = credentials.withNetrc(m, netrcFile);
        }
        return new CacheSettings(home, offline, mirrors, d, credentials);
    }

    /** {@code <home>/models}. */
    public Path modelsDir() {
        return home.resolve("models");
    }

    /** The base URL to download a source's files from: its mirror if configured, else its default. */
    public URI baseUrl(WeightSource source) {
        URI m = mirrors.get(source.name());
        return m != null ? m : source.defaultBaseUrl();
    }

    /**
     * Whether a plain-HTTP URL may be fetched: only when its host and port are those of a mirror the user
     * configured explicitly with {@code http://}.
     */
    public boolean allowsPlainHttp(URI url) {
        if (!"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            return false;
        }
        for (URI m : mirrors.values()) {
            if ("http".equalsIgnoreCase(m.getScheme()) && m.getHost().equalsIgnoreCase(url.getHost()) && port(m) == port(url)) {
                return true;
            }
        }
        return false;
    }

    public CacheSettings withHome(Path newHome) {
        return new CacheSettings(newHome, offline, mirrors, download, credentials);
    }

    public CacheSettings withOffline(boolean off) {
        return new CacheSettings(home, off, mirrors, download, credentials);
    }

    public CacheSettings withMirror(String source, URI base) {
        Map<String, URI> m = new HashMap<>(mirrors);
        m.put(source, base);
        return new CacheSettings(home, offline, m, download, credentials);
    }

    public CacheSettings withDownload(DownloadOptions d) {
        return new CacheSettings(home, offline, mirrors, d, credentials);
    }

    private static URI withoutUserInfo(URI u) {
        if (u.getRawUserInfo() == null) {
            return u;
        }
        try {
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), u.getQuery(), u.getFragment());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("mirror URL without its login is not a URL: " + e.getMessage(), e);
        }
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static String pick(Map<String, String> props, Map<String, String> env, String prop, String envName) {
        String v = props.get(prop);
        return v != null ? v : env.get(envName);
    }

    private static long number(String name, String value) {
        try {
            long n = Long.parseLong(value.trim());
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a positive whole number, got '" + value + "'");
        }
    }

    private static URI parse(String name, String value) {
        try {
            return URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not a URL: '" + redacted(value) + "'", e);
        }
    }

    private static URI checkMirror(String source, URI base) {
        String scheme = base.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http")) || base.getHost() == null) {
            throw new IllegalArgumentException("mirror for '" + source + "' must be an http(s) URL with a host, got '" + redacted(base.toString())
                    + "' (transfer4j.mirror." + source + ")");
        }
        return WeightSource.asBase(base);
    }

    /** A URL as text with any {@code user:pass@} replaced by {@code ***@}: what messages may show. */
    static String redacted(String url) {
        return url.replaceAll("(//)[^/@]*@", "$1***@");
    }
}

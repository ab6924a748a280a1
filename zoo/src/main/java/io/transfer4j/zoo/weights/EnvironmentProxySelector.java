package io.transfer4j.zoo.weights;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The proxy for each download, as command-line tools choose it: {@code https_proxy} / {@code HTTPS_PROXY} for
 * {@code https://} URLs, {@code http_proxy} / {@code HTTP_PROXY} for {@code http://} ones, except hosts listed in
 * {@code no_proxy} / {@code NO_PROXY}. The JDK's HTTP client reads none of these variables, only the Java
 * properties ({@code -Dhttps.proxyHost=...}); when a scheme's Java property is set, it wins and the JDK's own
 * selector (with {@code http.nonProxyHosts}) decides.
 *
 * <p>{@code NO_PROXY} is a comma-separated list: {@code *} (no proxy at all), a host name that also matches its
 * sub-domains ({@code example.com}, {@code .example.com}), an IP address, each optionally with {@code :port}.
 * A proxy URL may omit its scheme ({@code proxy:3128}); credentials in it ({@code user:pass@}) are not used
 * (the JDK refuses Basic authentication for HTTPS tunnels) and never printed.
 *
 * <pre>{@code
 * ProxySelector p = EnvironmentProxySelector.fromEnvironment();   // HTTPS_PROXY=http://proxy:3128 NO_PROXY=.corp
 * HttpClient c = HttpClient.newBuilder().proxy(p).build();
 * }</pre>
 */
public final class EnvironmentProxySelector extends ProxySelector {
    private final Map<String, String> env;
    private final Map<String, String> props;
    private final ProxySelector javaDefault;

    private EnvironmentProxySelector(Map<String, String> env, Map<String, String> props, ProxySelector javaDefault) {
        this.env = Map.copyOf(env);
        this.props = Map.copyOf(props);
        this.javaDefault = javaDefault;
    }

    /** The selector for this process's environment variables and system properties. */
    public static EnvironmentProxySelector fromEnvironment() {
        Map<String, String> props = new java.util.HashMap<>();
        System.getProperties().stringPropertyNames().forEach(k -> props.put(k, System.getProperty(k)));
        return new EnvironmentProxySelector(System.getenv(), props, ProxySelector.getDefault());
    }

    /** The selector for the given variables only (no Java properties): what tests use. */
    public static EnvironmentProxySelector of(Map<String, String> env) {
        return new EnvironmentProxySelector(env, Map.of(), null);
    }

    @Override
    public List<Proxy> select(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (javaDefault != null && props.containsKey(scheme + ".proxyHost")) {
            return javaDefault.select(uri);
        }
        return proxyFor(uri).map(a -> List.of(new Proxy(Proxy.Type.HTTP, a))).orElse(List.of(Proxy.NO_PROXY));
    }

    /** The proxy address for {@code uri} from the variables, or empty for a direct connection. */
    public java.util.Optional<InetSocketAddress> proxyFor(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String value = variable(scheme + "_proxy");
        if (value == null || value.isBlank() || uri.getHost() == null || bypassed(uri)) {
            return java.util.Optional.empty();
        }
        URI proxy = parse(scheme, value.trim());
        int port = proxy.getPort() >= 0 ? proxy.getPort() : "https".equalsIgnoreCase(proxy.getScheme()) ? 443 : 80;
        return java.util.Optional.of(InetSocketAddress.createUnresolved(proxy.getHost(), port));
    }

    /** One line for diagnostics (doctor): the proxies in force, credentials left out. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (String scheme : new String[] {"https", "http"}) {
            if (props.containsKey(scheme + ".proxyHost")) {
                parts.add(scheme + ": " + props.get(scheme + ".proxyHost") + ":" + props.getOrDefault(scheme + ".proxyPort", "(default port)")
                        + " (-D" + scheme + ".proxyHost)");
            } else {
                String v = variable(scheme + "_proxy");
                if (v != null && !v.isBlank()) {
                    URI p = parse(scheme, v.trim());
                    parts.add(scheme + ": " + p.getHost() + (p.getPort() >= 0 ? ":" + p.getPort() : "") + " (" + scheme.toUpperCase(Locale.ROOT) + "_PROXY)");
                }
            }
        }
        String noProxy = variable("no_proxy");
        if (noProxy != null && !noProxy.isBlank()) {
            parts.add("no proxy for: " + noProxy.trim());
        }
        return parts.isEmpty() ? "direct (no proxy configured)" : String.join("; ", parts);
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        if (javaDefault != null) {
            javaDefault.connectFailed(uri, sa, ioe);
        }
    }

    /** Lower-case wins, as in curl; then upper-case. */
    private String variable(String lowerName) {
        String v = env.get(lowerName);
        return v != null ? v : env.get(lowerName.toUpperCase(Locale.ROOT));
    }

    private boolean bypassed(URI uri) {
        String list = variable("no_proxy");
        if (list == null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        for (String raw : list.split(",")) {
            String entry = raw.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*")) {
                return true;
            }
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && entry.indexOf(':') == colon && entry.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                if (Integer.parseInt(entry.substring(colon + 1)) != port) {
                    continue;
                }
                entry = entry.substring(0, colon);
            }
            if (entry.startsWith("*.")) {
                entry = entry.substring(1);
            }
            String bare = entry.startsWith(".") ? entry.substring(1) : entry;
            if (host.equals(bare) || host.endsWith("." + bare)) {
                return true;
            }
        }
        return false;
    }

    private static URI parse(String scheme, String value) {
        String withScheme = value.contains("://") ? value : "http://" + value;
        try {
            URI u = URI.create(withScheme);
            if (u.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(scheme.toUpperCase(Locale.ROOT) + "_PROXY is not a proxy URL such as http://proxy:3128 (got a value of "
                    + value.length() + " characters, not shown as it may hold a password)", e);
        }
    }
}

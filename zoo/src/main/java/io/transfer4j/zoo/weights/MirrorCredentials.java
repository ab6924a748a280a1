package io.transfer4j.zoo.weights;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Credentials for mirrors that require a login, as an {@code Authorization} header per host and port. They are
 * sent only to the mirror's own host and port (a redirect elsewhere goes without them) and never appear in a
 * message, a log line or the cache: mirror URLs are kept without their {@code user:pass@} part, and
 * {@link #toString()} names hosts only. Where they come from, first match wins (see {@link CacheSettings}):
 * <ol>
 *   <li>{@code user:password@} in the mirror URL ({@code TRANSFER4J_MIRROR_KERAS=https://me:secret@host/keras/});
 *       percent-encode {@code @ : /} inside them;</li>
 *   <li>{@code TRANSFER4J_MIRROR_TOKEN} (or {@code -Dtransfer4j.mirror.token}): {@code Authorization: Bearer <token>}
 *       for every configured mirror;</li>
 *   <li>{@code ~/.netrc} (or the file {@code NETRC} names): {@code machine <host> login <user> password <pw>}.</li>
 * </ol>
 *
 * <pre>{@code
 * MirrorCredentials c = MirrorCredentials.none().withUserInfo(URI.create("https://u:p@mirror.corp/keras/"));
 * c.authorization(URI.create("https://mirror.corp/keras/x.h5"));   // Optional[Basic dTpw]
 * }</pre>
 */
public final class MirrorCredentials {
    private static final MirrorCredentials NONE = new MirrorCredentials(Map.of());
    private final Map<String, String> headers;

    private MirrorCredentials(Map<String, String> headers) {
        this.headers = Map.copyOf(headers);
    }

    /** No credentials. */
    public static MirrorCredentials none() {
        return NONE;
    }

    /** The {@code Authorization} header value for a request to {@code url}, if its host and port have credentials. */
    public Optional<String> authorization(URI url) {
        return url.getHost() == null ? Optional.empty() : Optional.ofNullable(headers.get(key(url)));
    }

    /** Whether {@code url}'s host and port have credentials. */
    public boolean covers(URI url) {
        return authorization(url).isPresent();
    }

    /** These credentials plus Basic ones from the {@code user:password@} of {@code mirror} (unless its host has some). */
    public MirrorCredentials withUserInfo(URI mirror) {
        String info = mirror.getRawUserInfo();
        if (info == null || covers(mirror)) {
            return this;
        }
        int colon = info.indexOf(':');
        String user = decode(colon < 0 ? info : info.substring(0, colon));
        String password = colon < 0 ? "" : decode(info.substring(colon + 1));
        return with(mirror, basic(user, password));
    }

    /** These credentials plus a Bearer token for {@code mirror}'s host (unless it has some). */
    public MirrorCredentials withToken(URI mirror, String token) {
        return covers(mirror) ? this : with(mirror, "Bearer " + token.trim());
    }

    /** These credentials plus the {@code machine} entry of a netrc file for {@code mirror}'s host, if any. */
    public MirrorCredentials withNetrc(URI mirror, Path netrc) {
        if (covers(mirror) || netrc == null || !Files.isRegularFile(netrc)) {
            return this;
        }
        String[] tokens;
        try {
            tokens = Files.readString(netrc, StandardCharsets.UTF_8).trim().split("\\s+");
        } catch (IOException e) {
            throw new WeightsException("cannot read the netrc file " + netrc + ": " + e.getMessage(), e);
        }
        String host = mirror.getHost().toLowerCase(Locale.ROOT);
        String machine = null;
        String login = null;
        String password = null;
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            if (t.equals("machine") || t.equals("default")) {
                if (host.equals(machine) && login != null) {
                    break;                                   // the matching entry is complete
                }
                machine = t.equals("default") ? host : i + 1 < tokens.length ? tokens[++i].toLowerCase(Locale.ROOT) : null;
                login = null;
                password = null;
            } else if (t.equals("login") && i + 1 < tokens.length) {
                login = tokens[++i];
            } else if (t.equals("password") && i + 1 < tokens.length) {
                password = tokens[++i];
            }
        }
        return host.equals(machine) && login != null ? with(mirror, basic(login, password == null ? "" : password)) : this;
    }

    /** The hosts with credentials, e.g. {@code [mirror.corp:443]} — never the secrets. */
    @Override
    public String toString() {
        return "MirrorCredentials" + new TreeSet<>(headers.keySet());
    }

    private MirrorCredentials with(URI mirror, String header) {
        Map<String, String> m = new HashMap<>(headers);
        m.put(key(mirror), header);
        return new MirrorCredentials(m);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String key(URI u) {
        int port = u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
        return u.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}

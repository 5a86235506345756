package io.dualmodem.uplink;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.util.URISupport;
import org.apache.camel.util.UnsafeUriCharactersEncoder;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.net.URIAuthority;

/**
 * Where readings go and how the uplink proves who it is, from {@code uplink.url} and {@code uplink.headers}:
 * the one object that holds the uplink's secrets. User info in the URL ({@code https://user:password@host/…})
 * becomes HTTP basic authentication; {@code uplink.headers} adds headers such as {@code Authorization: Bearer …};
 * the URL's query (a token, a signature) is sent byte for byte as written. Both are checked at start-up against
 * what the HTTP client will really send, so a request it could never send stops start-up instead of failing at
 * every upload. Whatever people see — log lines, JMX, exception texts — goes through {@link #shown()} or
 * {@link #redact}, which show no user info, no query and no header value.
 */
public final class UplinkTarget {

    /** A setting the client could not send as written; the message says what is wrong and shows no secret. */
    public static final class Invalid extends IllegalArgumentException {

        private final String key;
        private final String shownValue;

        Invalid(String key, String shownValue, String message) {
            super(message);
            this.key = key;
            this.shownValue = shownValue;
        }

        public String key() {
            return key;
        }

        /** The setting's value as it may be shown: without user info, query or header values. */
        public String shownValue() {
            return shownValue;
        }
    }

    /** Headers the application or the HTTP client sets itself; a second value would confuse the server. */
    private static final Set<String> RESERVED = Set.of("host", "content-length", "content-type", "transfer-encoding",
            "connection", "keep-alive", "expect", "te", "trailer", "upgrade");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern FIELD_VALUE = Pattern.compile("[\\t\\x20-\\x7e\\x80-\\xff]*");
    /** Shorter values are not searched for in texts to redact: "1" would blank every digit. */
    private static final int SHORTEST_SECRET = 3;

    private final URI url;
    private final String requestUri;
    private final String scheme;
    private final String host;
    private final int port;
    private final String path;
    private final List<Header> headers;
    private final List<String> secrets;
    private final String shown;

    private UplinkTarget(URI url, String requestUri, List<Header> headers, List<String> secrets, String shown) {
        this.url = url;
        this.requestUri = requestUri;
        this.scheme = url.getScheme().toLowerCase(Locale.ROOT);
        this.host = url.getHost();
        this.port = effectivePort(scheme, url.getPort());
        this.path = pathOf(url.getRawPath());
        this.headers = List.copyOf(headers);
        this.secrets = secrets.stream().distinct().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        this.shown = shown;
    }

    /**
     * @param url           {@code uplink.url}, an http(s) URL with a host
     * @param headerSetting {@code uplink.headers}: {@code Name: value} entries separated by {@code |}, or empty
     * @throws Invalid naming the key at fault
     */
    public static UplinkTarget of(URI url, String headerSetting) {
        String shownUrl = shown(url.toString());
        if (url.getRawFragment() != null) {
            throw new Invalid("uplink.url", shownUrl, "a fragment (#…) is never sent: write a '#' inside a token as %23");
        }
        if (url.getPort() == 0 || url.getPort() > 65535) {
            throw new Invalid("uplink.url", shownUrl, "port " + url.getPort() + " is not a TCP port (1 to 65535)");
        }
        String authority = url.getRawAuthority();
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        String requestUri = url.getScheme() + "://" + hostPort + url.getRawPath()
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        checkSentAsWritten(requestUri, shownUrl);

        List<Header> headers = new ArrayList<>();
        List<String> secrets = new ArrayList<>();
        if (url.getRawUserInfo() != null) {
            String userInfo = url.getUserInfo();
            String userPass = userInfo.contains(":") ? userInfo : userInfo + ":";
            String basic = "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
            headers.add(new BasicHeader("Authorization", basic));
            secrets.add(url.getRawUserInfo());
            secrets.add(userInfo);
            secrets.add(userPass.substring(userPass.indexOf(':') + 1));
            secrets.add(basic.substring("Basic ".length()));
        }
        if (url.getRawQuery() != null) {
            secrets.add(url.getRawQuery());
            for (String pair : url.getRawQuery().split("&")) {
                String value = pair.substring(pair.indexOf('=') + 1);
                secrets.add(value);
                secrets.add(URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8));
                secrets.add(URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        for (Header h : parseHeaders(headerSetting, url.getRawUserInfo() != null)) {
            headers.add(h);
            secrets.add(h.getValue());
            int space = h.getValue().indexOf(' ');
            if (space > 0) {
                secrets.add(h.getValue().substring(space + 1).trim()); // the token of "Bearer token"
            }
        }
        secrets.removeIf(s -> s.length() < SHORTEST_SECRET);
        return new UplinkTarget(URI.create(requestUri), requestUri, headers, secrets, shownUrl);
    }

    /** The URL as the request carries it, without user info: what the upload route hands the HTTP client. */
    public String requestUri() {
        return requestUri;
    }

    /** The URL without user info (it still has the query): for its host and port. */
    public URI url() {
        return url;
    }

    /** The URL as people may see it: {@code https://***@host/path?***}. */
    public String shown() {
        return shown;
    }

    /** The names of the headers added to every upload, for the log. */
    public List<String> headerNames() {
        return headers.stream().map(Header::getName).toList();
    }

    /** {@code text} with every secret of the uplink replaced by {@code ***}. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, "***");
        }
        return out;
    }

    /**
     * Adds the uplink's headers (basic authentication, {@code uplink.headers}) to requests for its own URL only: another
     * host never sees them, and a status URL on the same host with another account keeps its own.
     */
    public HttpRequestInterceptor credentials() {
        return (HttpRequest request, org.apache.hc.core5.http.EntityDetails entity,
                org.apache.hc.core5.http.protocol.HttpContext context) -> {
            if (isForUs(request)) {
                for (Header h : headers) {
                    request.setHeader(h);
                }
            }
        };
    }

    /**
     * Puts {@link #credentials()} on a client that other targets' credentials go on too. HttpClient keeps one request
     * interceptor per class, and every target's is of one class: added as request interceptors, the last target's
     * would replace the others' (the status URL's, and readings went out without theirs). An exec interceptor is kept
     * by its name, one per URL.
     */
    public void addCredentials(HttpClientBuilder builder) {
        HttpRequestInterceptor credentials = credentials();
        builder.addExecInterceptorBefore(ChainElement.PROTOCOL.name(), "credentials for " + scheme + "://" + host + ":" + port + path,
                (request, scope, chain) -> {
                    credentials.process(request, request.getEntity(), scope.clientContext);
                    return chain.proceed(request, scope);
                });
    }

    @Override
    public String toString() {
        return shown;
    }

    /** A URL as people may see it, even one that does not parse: user info and query become {@code ***}. */
    public static String shown(String url) {
        return url.replaceAll("(?<=//)[^/?#]*@", "***@").replaceAll("\\?[^#]*", "?***").replaceAll("#.*", "#***");
    }

    /** {@code uplink.headers} as people may see it: names only. */
    public static String shownHeaders(String setting) {
        List<String> shown = new ArrayList<>();
        for (String entry : setting.split("\\|", -1)) {
            int colon = entry.indexOf(':');
            shown.add(entry.isBlank() ? entry : colon < 0 ? " *** " : entry.substring(0, colon) + ": *** ");
        }
        return String.join("|", shown).trim();
    }

    private boolean isForUs(HttpRequest request) {
        URIAuthority authority = request.getAuthority();
        return authority != null && request.getScheme() != null && scheme.equalsIgnoreCase(request.getScheme())
                && host.equalsIgnoreCase(authority.getHostName()) && port == effectivePort(scheme, authority.getPort())
                && request.getPath() != null && path.equals(pathOf(request.getPath().split("\\?", 2)[0]));
    }

    private static String pathOf(String rawPath) {
        return rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
    }

    private static int effectivePort(String scheme, int port) {
        return port > 0 ? port : "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    /**
     * Builds the request as camel-http (URL from a header, then its query) and the client will, and compares what
     * goes on the request line with what the user wrote.
     */
    private static void checkSentAsWritten(String requestUri, String shownUrl) {
        if (!requestUri.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new Invalid("uplink.url", shownUrl, "it has characters that are not plain ASCII: percent-encode them");
        }
        String sent;
        try {
            URI uri = new URI(UnsafeUriCharactersEncoder.encodeHttpURI(requestUri));
            if (uri.getRawQuery() != null) {
                uri = URISupport.createURIWithQuery(uri, UnsafeUriCharactersEncoder.encodeHttpURI(uri.getRawQuery()));
            }
            sent = new HttpPost(uri).getRequestUri();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new Invalid("uplink.url", shownUrl, "the HTTP client cannot send a request to it: " + e.getMessage());
        }
        URI written = URI.create(requestUri);
        String path = written.getRawPath() == null || written.getRawPath().isEmpty() ? "/" : written.getRawPath();
        String expected = path + (written.getRawQuery() == null ? "" : "?" + written.getRawQuery());
        if (!sent.equals(expected)) {
            throw new Invalid("uplink.url", shownUrl, "it would not be sent as written: characters that are not plain"
                    + " ASCII or not allowed in a URL must be percent-encoded");
        }
    }

    private static List<Header> parseHeaders(String setting, boolean hasUserInfo) {
        List<Header> headers = new ArrayList<>();
        if (setting == null || setting.isBlank()) {
            return headers;
        }
        String shownSetting = shownHeaders(setting);
        String[] entries = setting.split("\\|");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon < 1) {
                throw new Invalid("uplink.headers", shownSetting, "entry " + (i + 1)
                        + " is not 'Name: value' (entries are separated by '|')");
            }
            String name = entry.substring(0, colon).trim();
            String value = entry.substring(colon + 1).trim();
            if (!TOKEN.matcher(name).matches()) {
                throw new Invalid("uplink.headers", shownSetting, "entry " + (i + 1) + " has no valid header name before ':'");
            }
            if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new Invalid("uplink.headers", shownSetting, name + " is set by the application or the HTTP client");
            }
            if (hasUserInfo && name.equalsIgnoreCase("Authorization")) {
                throw new Invalid("uplink.headers", shownSetting,
                        "Authorization is given twice: by user info in uplink.url and here; keep one");
            }
            if (value.isEmpty() || !FIELD_VALUE.matcher(value).matches()) {
                throw new Invalid("uplink.headers", shownSetting, "the value of " + name
                        + " is empty or has control characters");
            }
            headers.add(new BasicHeader(name, value));
        }
        return headers;
    }
}

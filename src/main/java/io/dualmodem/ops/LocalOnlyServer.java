package io.dualmodem.ops;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The JDK's HTTP server, every context of which (Jolokia's included, which it creates itself) answers only requests
 * addressed to this host by a loopback name ({@code Host: localhost}, {@code 127.0.0.1} or {@code [::1]}, any port) and
 * sent by no web page but a loopback one ({@code Origin}, or {@code Referer} when there is no Origin). The socket is
 * bound to 127.0.0.1 already; these two checks are for a browser on the operator's laptop while the ssh tunnel is up:
 * a page that renames itself to 127.0.0.1 (DNS rebinding: a foreign Host) or posts to localhost:8778 (cross-site
 * request forgery: a foreign Origin) must not read or drive the box. Tools that send no Origin (curl, Hawtio's proxy)
 * pass. Paths that run operations ({@code /jolokia}) take only POST, which a browser always sends with an Origin: a
 * GET can come from an {@code <img>} tag of a page that also hides its Referer.
 */
final class LocalOnlyServer extends HttpServer {

    private final HttpServer server;
    private final String postOnly;
    private final Map<String, HttpContext> contexts = new ConcurrentHashMap<>();

    /** @param postOnly the path under which only POST (and a CORS preflight) is answered */
    LocalOnlyServer(HttpServer server, String postOnly) {
        this.server = server;
        this.postOnly = postOnly;
    }

    static boolean isLoopbackHost(String host) {
        if (host == null) {
            return true; // HTTP/1.0 without Host: only a client on this host can have connected
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            name = name.substring(0, name.indexOf(']') + 1);
        } else if (name.contains(":")) {
            name = name.substring(0, name.indexOf(':'));
        }
        return name.equals("localhost") || name.equals("127.0.0.1") || name.equals("[::1]");
    }

    /** An Origin or Referer of a page served from a loopback name, or none. */
    static boolean isLoopbackPage(String originOrReferer) {
        if (originOrReferer == null) {
            return true;
        }
        try {
            URI page = new URI(originOrReferer);
            return page.getRawAuthority() != null && isLoopbackHost(page.getRawAuthority());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private final Filter localOnly = new Filter() {
        @Override
        public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
            Headers headers = exchange.getRequestHeaders();
            String page = headers.containsKey("Origin") ? headers.getFirst("Origin") : headers.getFirst("Referer");
            String method = exchange.getRequestMethod();
            if (!isLoopbackHost(headers.getFirst("Host")) || !isLoopbackPage(page)) {
                refuse(exchange, 403, "Forbidden: only for localhost or 127.0.0.1 (through an ssh tunnel), from no other site's page\n");
            } else if (exchange.getRequestURI().getPath().startsWith(postOnly) && !method.equals("POST") && !method.equals("OPTIONS")) {
                exchange.getResponseHeaders().set("Allow", "POST");
                refuse(exchange, 405, "Method not allowed: " + postOnly + " takes POST, e.g. curl -d '{\"type\":\"version\"}' URL\n");
            } else {
                chain.doFilter(exchange);
            }
        }

        @Override
        public String description() {
            return "refuses a Host that is not a loopback name, other sites' pages, and a GET of an operation";
        }
    };

    private static void refuse(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public HttpContext createContext(String path, HttpHandler handler) {
        HttpContext context = server.createContext(path, handler);
        context.getFilters().add(localOnly);
        contexts.put(path, context);
        return context;
    }

    /** The handler of the context at this path, whoever created it (Jolokia creates its own). */
    HttpHandler handler(String path) {
        return contexts.get(path).getHandler();
    }

    @Override
    public HttpContext createContext(String path) {
        HttpContext context = server.createContext(path);
        context.getFilters().add(localOnly);
        contexts.put(path, context);
        return context;
    }

    @Override
    public void bind(InetSocketAddress address, int backlog) throws IOException {
        server.bind(address, backlog);
    }

    @Override
    public void start() {
        server.start();
    }

    @Override
    public void setExecutor(Executor executor) {
        server.setExecutor(executor);
    }

    @Override
    public Executor getExecutor() {
        return server.getExecutor();
    }

    @Override
    public void stop(int delay) {
        server.stop(delay);
    }

    @Override
    public void removeContext(String path) {
        server.removeContext(path);
        contexts.remove(path);
    }

    @Override
    public void removeContext(HttpContext context) {
        server.removeContext(context);
        contexts.remove(context.getPath(), context);
    }

    @Override
    public InetSocketAddress getAddress() {
        return server.getAddress();
    }
}

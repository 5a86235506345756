package io.dualmodem.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server that answers with bytes a test scripts — an answer of hundreds of megabytes, one that
 * trickles a byte a second — which no ordinary server library will send. One request per connection. It records,
 * per request, when it arrived and when the answer ended (sent, or the client hung up) and how many answer bytes
 * got out, so a test can bound what the client read and how long it stayed.
 */
public final class RawHttpServer implements AutoCloseable {

    /** Writes an answer; an {@link IOException} means the client hung up. */
    public interface Answer {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    /**
     * One exchange: the answer it got (a request in flight when a test switches answers still gets the one before),
     * {@link System#nanoTime()} at the request and at the end of the answer, and the answer's bytes out.
     */
    public record Exchange(Answer answer, long requestNanos, long endNanos, long bytesOut, boolean clientHungUp) {
    }

    private final ServerSocket socket;
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final List<Exchange> exchanges = new ArrayList<>();
    private volatile Answer answer = created(0);

    public RawHttpServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        workers.execute(this::acceptLoop);
    }

    public String url() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/readings";
    }

    public void answer(Answer next) {
        this.answer = next;
    }

    /** The exchanges, in the order their answers ended, that got {@code answer}. */
    public synchronized List<Exchange> exchangesAnswered(Answer answer) {
        return exchanges.stream().filter(e -> e.answer() == answer).toList();
    }

    /** 201 with an empty body: the ordinary answer. */
    public static Answer created(int bodyBytes) {
        return out -> {
            out.write(head(201, "Content-Length: " + bodyBytes));
            out.write(new byte[bodyBytes]);
        };
    }

    /** 201 with a body of {@code bytes} zeros, with a Content-Length or chunked. */
    public static Answer huge(long bytes, boolean chunked) {
        return out -> {
            out.write(head(201, chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + bytes));
            byte[] block = new byte[64 * 1024];
            for (long left = bytes; left > 0; left -= block.length) {
                int n = (int) Math.min(block.length, left);
                if (chunked) {
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.write(block, 0, n);
                if (chunked) {
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            }
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        };
    }

    /** 201 whose headers come at once and whose body of {@code bytes} comes a byte every 200 ms. */
    public static Answer trickledBody(int bytes) {
        return out -> {
            out.write(head(201, "Content-Length: " + bytes));
            out.flush();
            trickle(out, new byte[bytes]);
        };
    }

    /** A 201 whose status line and headers come a byte every 200 ms (13 s in all). */
    public static Answer trickledHead() {
        return out -> trickle(out, head(201, "Content-Length: 0"));
    }

    @Override
    public void close() throws IOException {
        socket.close();
        workers.shutdownNow();
    }

    private static void trickle(OutputStream out, byte[] bytes) throws IOException, InterruptedException {
        for (byte b : bytes) {
            out.write(b);
            out.flush();
            // the server's pace, not a test's wait: slower than any answer, quick to find the client gone
            Thread.sleep(200);
        }
    }

    private static byte[] head(int status, String header) {
        return ("HTTP/1.1 " + status + " Whatever\r\n" + header + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                workers.execute(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            readRequest(in);
            long arrived = System.nanoTime();
            CountingStream out = new CountingStream(client.getOutputStream());
            Answer given = answer;
            boolean hungUp = false;
            try {
                given.write(out);
                out.flush();
            } catch (IOException e) {
                hungUp = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                exchanges.add(new Exchange(given, arrived, System.nanoTime(), out.count, hungUp));
            }
        } catch (IOException e) {
            // the client went away before its request was complete
        }
    }

    private static void readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request ended early");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        long length = 0;
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        in.readNBytes((int) length);
    }

    private static final class CountingStream extends OutputStream {
        private final OutputStream out;
        private volatile long count;

        CountingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}

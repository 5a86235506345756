package io.dualmodem.uplink;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;

/**
 * Bounds what an answer may cost, in the HTTP client's chain right before the request is written on an open
 * connection. The whole answer must arrive within {@code deadline}: when it runs out the connection is closed, which
 * ends any read at once (a read timeout alone would let a server that trickles a byte a second hold us for ever).
 * Of the body — the uplink needs only the status — at most {@link #MAX_BODY} bytes are read and nothing is handed
 * on. A body read to its end within the deadline leaves the connection for the next upload; a longer or slower one
 * is cut off by closing the connection, which also stops the server sending more over a line billed by the byte.
 * A status that arrived stays the answer, whatever became of the body.
 */
final class BoundedAnswer implements ExecChainHandler {

    /** More than any sensible answer to a POST of readings; far less than what could hurt a Pi. */
    static final int MAX_BODY = 64 * 1024;

    private final Duration deadline;
    private final ScheduledExecutorService timer;

    BoundedAnswer(Duration deadline, ScheduledExecutorService timer) {
        this.deadline = deadline;
        this.timer = timer;
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        AtomicBoolean cut = new AtomicBoolean();
        ScheduledFuture<?> alarm = timer.schedule(() -> {
            cut.set(true);
            scope.execRuntime.discardEndpoint();
        }, deadline.toMillis(), TimeUnit.MILLISECONDS);
        try {
            ClassicHttpResponse response;
            try {
                response = chain.proceed(request, scope);
            } catch (IOException e) {
                if (cut.get()) {
                    AnswerTooSlowException slow = new AnswerTooSlowException(deadline);
                    slow.initCause(e);
                    throw slow;
                }
                throw e;
            }
            skipBody(response, scope);
            return response;
        } finally {
            alarm.cancel(false);
        }
    }

    private static void skipBody(ClassicHttpResponse response, ExecChain.Scope scope) {
        HttpEntity entity = response.getEntity();
        boolean whole = entity == null;
        if (entity != null && entity.getContentLength() <= MAX_BODY) {
            try {
                InputStream in = entity.getContent();
                byte[] buffer = new byte[8192];
                long read = 0;
                int n = 0;
                while (read <= MAX_BODY && (n = in.read(buffer)) != -1) {
                    read += n;
                }
                whole = n == -1;
            } catch (IOException | RuntimeException e) {
                whole = false;
            }
        }
        response.setEntity(null);
        if (whole) {
            // the client marked the connection reusable or not when the answer came; nothing is left to read on it
            scope.execRuntime.releaseEndpoint();
        } else {
            // closed, not drained: draining is what a slow or huge body must not get
            scope.execRuntime.discardEndpoint();
        }
    }
}

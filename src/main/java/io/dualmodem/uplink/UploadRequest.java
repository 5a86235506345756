package io.dualmodem.uplink;

import io.dualmodem.outbox.Reading;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Writes the upload's request from the batch in the exchange property {@code batch}: POST, the compact {@link Payload},
 * gzip-compressed with {@code Content-Encoding: gzip} when {@code uplink.gzip} is on (only for a server that accepts
 * it). The body is compressed here, once, and camel-http is told not to compress it again.
 */
public final class UploadRequest implements Processor {

    private final String device;
    private final boolean gzip;

    public UploadRequest(String device, boolean gzip) {
        this.device = device;
        this.gzip = gzip;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        Message request = exchange.getMessage();
        request.setHeader(Exchange.HTTP_METHOD, "POST");
        request.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (gzip) {
            request.setHeader(Exchange.CONTENT_ENCODING, "gzip");
            exchange.setProperty(Exchange.SKIP_GZIP_ENCODING, true);
        }
        request.setBody(body(exchange.getProperty("batch", List.class)));
    }

    /** The body as sent: the payload, compressed when {@code uplink.gzip} is on. */
    byte[] body(List<Reading> batch) {
        byte[] json = Payload.write(device, batch);
        return gzip ? gzip(json) : json;
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 32);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compress into memory", e);
        }
        return out.toByteArray();
    }
}

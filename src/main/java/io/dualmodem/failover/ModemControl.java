package io.dualmodem.failover;

import io.dualmodem.uplink.UploadOutcome;

/**
 * What the routes and operations see of modem control: a {@link ModemControlRunner} running the
 * {@link LinkWatch} when the modems are driven, {@link Off} when they are not
 * ({@code modem.enabled=false}): then the uplink uses whatever line is up and nothing fails over.
 */
public sealed interface ModemControl permits ModemControlRunner, ModemControl.Off {

    /** What became of an upload: the upload route reports every attempt here, once. */
    void onUpload(UploadOutcome outcome);

    /** The watch's clock, every {@code link.watch-interval}. */
    void tick();

    /** At start-up: brings the remembered (or primary) modem's line up. */
    void restoreAtStart();

    /** The id of the modem whose line is in use, or null while modem control is off or has not started. */
    String activeModem();

    /** No modem control, and why. */
    record Off(String reason) implements ModemControl {

        @Override
        public void onUpload(UploadOutcome outcome) {
        }

        @Override
        public void tick() {
        }

        @Override
        public void restoreAtStart() {
        }

        @Override
        public String activeModem() {
            return null;
        }
    }
}

package io.dualmodem.modem;

import java.util.function.BiConsumer;

/** A source of NetworkManager device state changes, as they happen: (device, state). */
public interface DeviceEvents extends AutoCloseable {

    void start(BiConsumer<String, String> listener);

    @Override
    void close();
}

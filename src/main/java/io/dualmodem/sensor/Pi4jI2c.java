package io.dualmodem.sensor;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens an I2C device on the Pi through Pi4J's linuxfs provider ({@code /dev/i2c-N}). */
public final class Pi4jI2c {

    private static int opened;

    private Pi4jI2c() {
    }

    /**
     * @throws SensorException when Pi4J or the bus cannot be opened (no /dev/i2c-N, missing natives)
     */
    public static synchronized I2C open(Context context, int bus, int address) {
        try {
            return context.create(I2CConfigBuilder.newInstance(context)
                    .id("i2c-" + bus + "-" + address + "-" + ++opened)
                    .bus(bus)
                    .device(address)
                    .provider("linuxfs-i2c")
                    .build());
        } catch (RuntimeException | LinkageError e) {
            throw new SensorException(whyNoBus(bus, address, e), e);
        }
    }

    /** Why the bus cannot be opened, in the words an operator needs (Pi4J names its own validation steps). */
    static String whyNoBus(int bus, int address, Throwable e) {
        Path dev = Path.of("/dev/i2c-" + bus);
        if (!Files.exists(dev)) {
            return "no " + dev + ": I2C is not enabled (sudo raspi-config nonint do_i2c 0, then reboot)";
        }
        if (!Files.isReadable(dev) || !Files.isWritable(dev)) {
            return "cannot open " + dev + ": permission denied — add the service user to the i2c group";
        }
        return String.format("cannot open I2C bus %d address 0x%02X: %s", bus, address, e);
    }

    /**
     * Opens the ADT7410; the device is released when the driver is closed or fails its checks. Released through the
     * context, which also drops it from its registry: {@code I2C.close()} alone leaves it there, one entry per failed
     * open, every sample while the chip does not answer.
     */
    public static Adt7410 openAdt7410(Context context, int bus, int address) {
        I2C i2c = open(context, bus, address);
        return new Adt7410(i2c, () -> {
            try {
                context.shutdown(i2c.id());
            } catch (RuntimeException e) {
                // a device that cannot be shut down is reopened under a new id next time
            }
        });
    }
}

package io.dualmodem.sensor;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import io.dualmodem.pi.PiReadiness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;

/** Builds the sampler the sample route calls, over the Pi's sensor or a simulated one. */
public final class SensorWiring {

    private static final Path HWMON_CLASS = Path.of("/sys/class/hwmon");

    private SensorWiring() {
    }

    /** The Pi's sensor: the ADT7410 through Pi4J's I2C, or the kernel driver's hwmon file. */
    public static Supplier<TemperatureSource> onThePi(SensorSettings settings, Supplier<Context> pi4j) {
        if ("hwmon".equals(settings.type())) {
            return () -> HwmonSource.open(HWMON_CLASS, settings.hwmonFile());
        }
        return () -> Pi4jI2c.openAdt7410(pi4j.get(), settings.i2cBus(), settings.i2cAddress());
    }

    /** The sensor's line of the Pi check: the ADT7410's ID register read once, or the hwmon file's presence. */
    public static Supplier<PiReadiness.Fact> readiness(SensorSettings settings, Supplier<Context> pi4j) {
        if ("hwmon".equals(settings.type())) {
            return () -> {
                Optional<Path> file = settings.hwmonFile().or(() -> HwmonSource.find(HWMON_CLASS));
                return file.map(f -> new PiReadiness.Fact(Files.isReadable(f), "sensor.type=hwmon reads " + f
                                + (Files.isReadable(f) ? "" : ", which is not there: is the kernel's adt7410 driver loaded?")))
                        .orElseGet(() -> new PiReadiness.Fact(false, "sensor.type=hwmon finds no hwmon device named "
                                + HwmonSource.DRIVER_NAME + " in " + HWMON_CLASS + ": is the kernel's adt7410 driver loaded?"));
            };
        }
        return () -> PiReadiness.chipAnswers(settings.i2cBus(), settings.i2cAddress(), () -> {
            I2C i2c = Pi4jI2c.open(pi4j.get(), settings.i2cBus(), settings.i2cAddress());
            try {
                return i2c.readRegister(Adt7410.REG_ID) & 0xFF;
            } finally {
                i2c.close();
            }
        });
    }

    public static Sampler bind(CamelContext camel, Supplier<TemperatureSource> sensor, BooleanSupplier clockSynced,
                               boolean simulated) {
        Sampler sampler = new Sampler(sensor, Clock.systemUTC(), clockSynced, simulated);
        camel.getRegistry().bind("sampler", sampler);
        return sampler;
    }
}

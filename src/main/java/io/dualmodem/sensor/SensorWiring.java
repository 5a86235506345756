package io.dualmodem.sensor;

import com.pi4j.context.Context;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;

/** Builds the sampler the sample route calls, over the Pi's sensor or a simulated one. */
public final class SensorWiring {

    private SensorWiring() {
    }

    /** The Pi's sensor: the ADT7410 through Pi4J's I2C, or the kernel driver's hwmon file. */
    public static Supplier<TemperatureSource> onThePi(SensorSettings settings, Supplier<Context> pi4j) {
        if ("hwmon".equals(settings.type())) {
            return () -> new HwmonSource(settings.hwmonFile());
        }
        return () -> Pi4jI2c.openAdt7410(pi4j.get(), settings.i2cBus(), settings.i2cAddress());
    }

    public static Sampler bind(CamelContext camel, Supplier<TemperatureSource> sensor, BooleanSupplier clockSynced,
                               boolean simulated) {
        Sampler sampler = new Sampler(sensor, Clock.systemUTC(), clockSynced, simulated);
        camel.getRegistry().bind("sampler", sampler);
        return sampler;
    }
}

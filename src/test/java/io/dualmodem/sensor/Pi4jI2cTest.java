package io.dualmodem.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CConfig;
import com.pi4j.io.i2c.I2CProviderBase;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/**
 * A chip that does not answer is opened again at every sample; Pi4J's context keeps every device it made in its
 * registry until it is shut down through the context, so each failed open must leave nothing there (a month of a dead
 * sensor at one open per 30 s is ~86 000 opens in a 64 MB heap).
 */
class Pi4jI2cTest {

    /**
     * Pi4J's linuxfs I2C provider as a chip that NACKs sees it: every transfer fails with the kernel's EREMOTEIO. Like
     * LinuxFsI2CProviderImpl, it adds each device it makes to the context's registry itself.
     */
    private static final class NackingBus extends I2CProviderBase {

        NackingBus() {
            super("linuxfs-i2c", "a bus whose chip does not answer");
        }

        @Override
        public I2C create(I2CConfig config) {
            I2C device = device(config);
            context().registry().add(device);
            return device;
        }

        private I2C device(I2CConfig config) {
            return (I2C) Proxy.newProxyInstance(I2C.class.getClassLoader(), new Class<?>[] {I2C.class}, (proxy, method, args) ->
                    switch (method.getName()) {
                        case "id" -> config.id();
                        case "name", "description" -> config.id();
                        case "config" -> config;
                        case "provider" -> this;
                        case "isOpen" -> true;
                        case "close" -> null;
                        case "shutdown", "initialize" -> proxy;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        case "toString" -> config.id();
                        default -> throw new com.pi4j.io.exception.IOReadException(121); // Remote I/O error
                    });
        }
    }

    @Test
    void aChipThatDoesNotAnswerLeavesNothingInTheContextPerOpen() {
        Context context = Pi4J.newContextBuilder().add(new NackingBus()).build();
        try {
            for (int i = 0; i < 50; i++) {
                assertThrows(SensorException.class, () -> Pi4jI2c.openAdt7410(context, 1, 0x48));
            }
            assertEquals(0, context.registry().all().size(), context.registry().all().keySet().toString());
        } finally {
            context.shutdown();
        }
    }
}

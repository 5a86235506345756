package io.dualmodem.sim;

import com.pi4j.io.i2c.I2CRegisterDataReaderWriter;
import java.time.Clock;
import java.util.Arrays;
import java.util.Random;

/**
 * Simulation of an ADT7410 at register level, so the real driver runs against it.
 *
 * <p>Registers as on the chip after power-on (13-bit mode, ID 0xCB, limits 64/10/147 °C). Each
 * read of the temperature MSB starts a fresh "conversion" of a temperature that follows a daily
 * cycle plus a slow drift: 16-bit or 13-bit encoding follows config bit 7 as on the chip. The
 * register pointer auto-increments on multi-byte reads. {@link #unplug()} makes every transfer
 * fail as an absent device does on the bus (no ACK).
 */
public final class SimulatedAdt7410 implements I2CRegisterDataReaderWriter {

    private static final int REG_TEMP_MSB = 0x00;
    private static final int REG_CONFIG = 0x03;
    private static final int REG_RESET = 0x2F;

    private final byte[] registers = new byte[0x30];
    private final Clock clock;
    private final Random noise;
    private final long startMillis;
    private volatile boolean unplugged;
    private double drift;

    public SimulatedAdt7410(Clock clock, long seed) {
        this.clock = clock;
        this.noise = new Random(seed);
        this.startMillis = clock.millis();
        powerOnReset();
    }

    /** The temperature the simulated die is at now, before quantisation. */
    public synchronized double trueCelsius() {
        double hours = (clock.millis() - startMillis) / 3_600_000.0;
        return 21.0 + 4.0 * Math.sin(2 * Math.PI * hours / 24.0) + 0.6 * Math.sin(2 * Math.PI * hours / 0.4) + drift;
    }

    public void unplug() {
        unplugged = true;
    }

    public void plugIn() {
        unplugged = false;
    }

    @Override
    public synchronized int readRegister(int register) {
        checkPresent();
        if (register == REG_TEMP_MSB) {
            convert();
        }
        return registers[register % registers.length] & 0xFF;
    }

    @Override
    public synchronized int readRegister(int register, byte[] buffer, int offset, int length) {
        checkPresent();
        if (register == REG_TEMP_MSB) {
            convert();
        }
        for (int i = 0; i < length; i++) {
            buffer[offset + i] = registers[(register + i) % registers.length];
        }
        return length;
    }

    @Override
    public int readRegister(byte[] register, byte[] buffer, int offset, int length) {
        return readRegister(register[0] & 0xFF, buffer, offset, length);
    }

    @Override
    public synchronized int writeRegister(int register, byte value) {
        checkPresent();
        if (register == REG_RESET) {
            powerOnReset();
        } else if (register >= REG_CONFIG && register <= 0x0A) {
            registers[register] = value;
        }
        return 1;
    }

    @Override
    public synchronized int writeRegister(int register, byte[] data, int offset, int length) {
        for (int i = 0; i < length; i++) {
            writeRegister(register + i, data[offset + i]);
        }
        return length;
    }

    @Override
    public int writeRegister(byte[] register, byte[] data, int offset, int length) {
        return writeRegister(register[0] & 0xFF, data, offset, length);
    }

    private void convert() {
        drift = Math.max(-2, Math.min(2, drift + (noise.nextDouble() - 0.5) * 0.02));
        double celsius = trueCelsius();
        int word = (registers[REG_CONFIG] & 0x80) != 0
                ? (int) Math.round(celsius * 128) & 0xFFFF
                : ((int) Math.round(celsius * 16) << 3) & 0xFFF8;
        registers[0x00] = (byte) (word >> 8);
        registers[0x01] = (byte) word;
        registers[0x02] = 0x00; // RDY (active low): a conversion result is ready
    }

    private void powerOnReset() {
        Arrays.fill(registers, (byte) 0);
        registers[0x02] = (byte) 0x80;
        registers[0x04] = 0x20; // T_HIGH 64 °C
        registers[0x06] = 0x05; // T_LOW 10 °C
        registers[0x08] = 0x49; // T_CRIT 147 °C
        registers[0x09] = (byte) 0x80;
        registers[0x0A] = 0x05; // T_HYST 5 °C
        registers[0x0B] = (byte) 0xCB;
    }

    private void checkPresent() {
        if (unplugged) {
            throw new IllegalStateException("I2C transfer failed: no ACK from 0x48 (simulated ADT7410 unplugged)");
        }
    }
}

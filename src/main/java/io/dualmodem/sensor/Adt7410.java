package io.dualmodem.sensor;

import com.pi4j.io.i2c.I2CRegisterDataReaderWriter;

/**
 * Driver for the Analog Devices ADT7410 I2C temperature sensor:
 * https://www.analog.com/media/en/technical-documentation/data-sheets/ADT7410.pdf
 *
 * <p>On open it checks the ID register and selects 16-bit resolution in continuous conversion
 * mode. The temperature registers (0x00 MSB, 0x01 LSB) hold a two's-complement value: in 16-bit
 * mode 1 LSB = 1/128 °C; in 13-bit mode the value sits in bits 15..3 and 1 LSB = 1/16 °C.
 */
public final class Adt7410 implements TemperatureSource {

    public static final int DEFAULT_ADDRESS = 0x48;
    public static final int REG_TEMP_MSB = 0x00;
    public static final int REG_STATUS = 0x02;
    public static final int REG_CONFIG = 0x03;
    public static final int REG_ID = 0x0B;
    /** Manufacturer ID 11001 in bits 7..3; the revision in bits 2..0 may vary. */
    public static final int EXPECTED_ID = 0xC8;
    public static final int ID_MASK = 0xF8;
    /** Config bit 7: 1 = 16-bit resolution; bits 6..5 = 00: continuous conversion. */
    public static final int CONFIG_16_BIT = 0x80;

    private final I2CRegisterDataReaderWriter registers;
    private final Runnable releaseBus;

    public Adt7410(I2CRegisterDataReaderWriter registers) {
        this(registers, () -> { });
    }

    /**
     * @param releaseBus run by {@link #close()}, and when the chip fails its checks here
     * @throws SensorException when the bus cannot be read or the ID register does not identify an ADT7410
     */
    public Adt7410(I2CRegisterDataReaderWriter registers, Runnable releaseBus) {
        this.registers = registers;
        this.releaseBus = releaseBus;
        try {
            identifyAndConfigure();
        } catch (SensorException e) {
            releaseBus.run();
            throw e;
        }
    }

    private void identifyAndConfigure() {
        int id = readByte(REG_ID);
        if ((id & ID_MASK) != EXPECTED_ID) {
            throw new SensorException(String.format(
                    "Not an ADT7410: ID register 0x0B reads 0x%02X, expected 0x%02X..0x%02X",
                    id, EXPECTED_ID, EXPECTED_ID | ~ID_MASK & 0xFF));
        }
        write(REG_CONFIG, CONFIG_16_BIT);
        int config = readByte(REG_CONFIG);
        if (config != CONFIG_16_BIT) {
            throw new SensorException(String.format(
                    "ADT7410 config register reads 0x%02X after writing 0x%02X", config, CONFIG_16_BIT));
        }
    }

    @Override
    public void close() {
        releaseBus.run();
    }

    @Override
    public double readCelsius() {
        byte[] raw = new byte[2];
        int read;
        try {
            read = registers.readRegister(REG_TEMP_MSB, raw, 0, 2);
        } catch (RuntimeException e) {
            throw new SensorException("ADT7410 temperature read failed: " + e.getMessage(), e);
        }
        if (read != 2) {
            throw new SensorException("ADT7410 temperature read returned " + read + " bytes, expected 2");
        }
        int word = (raw[0] & 0xFF) << 8 | (raw[1] & 0xFF);
        return toCelsius(word, true);
    }

    /** Converts the 16-bit register pair to °C; {@code sixteenBit} selects the resolution the chip was set to. */
    public static double toCelsius(int registerWord, boolean sixteenBit) {
        short signed = (short) registerWord;
        return sixteenBit ? signed / 128.0 : (signed >> 3) / 16.0;
    }

    private int readByte(int register) {
        try {
            return registers.readRegister(register) & 0xFF;
        } catch (RuntimeException e) {
            throw new SensorException(String.format("ADT7410 register 0x%02X read failed: %s", register, e.getMessage()), e);
        }
    }

    private void write(int register, int value) {
        try {
            registers.writeRegister(register, (byte) value);
        } catch (RuntimeException e) {
            throw new SensorException(String.format("ADT7410 register 0x%02X write failed: %s", register, e.getMessage()), e);
        }
    }
}

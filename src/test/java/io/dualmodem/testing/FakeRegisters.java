package io.dualmodem.testing;

import com.pi4j.io.i2c.I2CRegisterDataReaderWriter;

/** A register array standing in for an I2C device; multi-byte reads auto-increment like the chips do. */
public final class FakeRegisters implements I2CRegisterDataReaderWriter {

    public final byte[] registers = new byte[256];
    public boolean failing;

    public FakeRegisters set(int register, int... values) {
        for (int i = 0; i < values.length; i++) {
            registers[register + i] = (byte) values[i];
        }
        return this;
    }

    @Override
    public int readRegister(int register) {
        check();
        return registers[register]; // signed, as Pi4J returns it
    }

    @Override
    public int readRegister(int register, byte[] buffer, int offset, int length) {
        check();
        System.arraycopy(registers, register, buffer, offset, length);
        return length;
    }

    @Override
    public int readRegister(byte[] register, byte[] buffer, int offset, int length) {
        return readRegister(register[0], buffer, offset, length);
    }

    @Override
    public int writeRegister(int register, byte value) {
        check();
        registers[register] = value;
        return 1;
    }

    @Override
    public int writeRegister(int register, byte[] data, int offset, int length) {
        check();
        System.arraycopy(data, offset, registers, register, length);
        return length;
    }

    @Override
    public int writeRegister(byte[] register, byte[] data, int offset, int length) {
        return writeRegister(register[0], data, offset, length);
    }

    private void check() {
        if (failing) {
            throw new IllegalStateException("Remote I/O error");
        }
    }
}

package io.dualmodem.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether to drive the Pi's hardware or the simulation; {@code auto} decides by the board model. */
public enum HardwareMode {
    AUTO, PI, SIMULATION;

    /** The decision and, for the log, why it was made. */
    public record Decision(boolean simulated, String reason) {
    }

    /** Decides, reading the device-tree model file (on a Pi: "Raspberry Pi 3 Model B Rev 1.2"). */
    public Decision decide(Path modelFile) {
        return switch (this) {
            case PI -> new Decision(false, "hardware.mode=pi");
            case SIMULATION -> new Decision(true, "hardware.mode=simulation");
            case AUTO -> {
                String model;
                try {
                    model = Files.readString(modelFile).replace("\0", "").trim();
                } catch (IOException e) {
                    yield new Decision(true, "this machine is not a Raspberry Pi (" + modelFile + " is absent)");
                }
                yield model.startsWith("Raspberry Pi")
                        ? new Decision(false, "board is a " + model)
                        : new Decision(true, "this machine is not a Raspberry Pi (model: " + model + ")");
            }
        };
    }
}

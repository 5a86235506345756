package io.dualmodem.failover;

import io.dualmodem.modem.SwitchRecord;

/** What became of an operator's command: carried out, with its record, or refused, with the reason. */
public sealed interface OperatorOutcome {

    String text();

    record Done(SwitchRecord record) implements OperatorOutcome {
        @Override
        public String text() {
            return record.summary();
        }
    }

    record Refused(String reason) implements OperatorOutcome {
        @Override
        public String text() {
            return "refused: " + reason;
        }
    }
}

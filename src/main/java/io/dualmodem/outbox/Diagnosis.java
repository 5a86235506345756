package io.dualmodem.outbox;

/** Why the outbox cannot store readings, and what an operator does about it, in plain words. */
record Diagnosis(String cause, String fix) {
}

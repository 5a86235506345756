package io.dualmodem.ops;

/** JMX view of data use per SIM: {@code io.dualmodem:type=DataUse}. */
public interface DataUseMBean {

    /** Each SIM's use this calendar month, one line per SIM, with its share of the quota. */
    String[] getThisMonth();

    /** Every SIM's use in each month kept (up to 24), oldest first. */
    String[] getHistory();

    /** Bytes this month per board, sent and received together: a for the SIM in board a. */
    long getBytesThisMonthA();

    long getBytesThisMonthB();

    /** The SIM and interface counted now, or why none is. */
    String getLine();

    /** Bytes read while the clock was not synchronized, not yet given a month. */
    String getUnattributed();

    /** SIMs at 80 % of their monthly quota or more, or empty. */
    String[] getQuotaWarnings();

    /** Why the data-use file could not be written, or null. */
    String getStateFileError();
}

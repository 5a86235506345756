package io.dualmodem.ops;

import io.dualmodem.datause.DataUse;
import io.dualmodem.datause.SimUse;

/** Reads the data-use meter for JMX. */
public class DataUseStatus implements DataUseMBean {

    public static final String OBJECT_NAME = "io.dualmodem:type=DataUse";

    private final DataUse dataUse;

    public DataUseStatus(DataUse dataUse) {
        this.dataUse = dataUse;
    }

    @Override
    public String[] getThisMonth() {
        return dataUse.thisMonth().stream().map(SimUse::describe).toArray(String[]::new);
    }

    @Override
    public String[] getHistory() {
        return dataUse.history().stream().map(SimUse::describe).toArray(String[]::new);
    }

    @Override
    public long getBytesThisMonthA() {
        return bytesOf("a");
    }

    @Override
    public long getBytesThisMonthB() {
        return bytesOf("b");
    }

    private long bytesOf(String board) {
        return dataUse.thisMonth().stream().filter(u -> u.board().equals(board)).mapToLong(u -> u.bytes().total())
                .sum();
    }

    @Override
    public String getLine() {
        return dataUse.line();
    }

    @Override
    public String getUnattributed() {
        return dataUse.unattributed().toString();
    }

    @Override
    public String[] getQuotaWarnings() {
        return dataUse.thisMonth().stream().filter(SimUse::quotaWarning).map(SimUse::describe).toArray(String[]::new);
    }

    @Override
    public String getStateFileError() {
        return dataUse.writeError();
    }
}

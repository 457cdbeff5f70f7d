package io.pchat.storage;

/**
 * A write was made under a pool epoch that is no longer the store's: the pool failed over (or
 * back) since the writer last looked. The write was refused atomically and nothing of it was
 * stored. A node that sees this must stop sequencing until it has re-read the pool record.
 */
public final class FencedWriteException extends StorageException {
    private static final long serialVersionUID = 1L;

    private final long writeEpoch;
    private final long storeEpoch;
    private final boolean retired;

    public FencedWriteException(long writeEpoch, long storeEpoch) {
        this(writeEpoch, storeEpoch, false);
    }

    /** {@code retired}: the endpoint is one the pool moved away from; it takes no writes at any epoch. */
    public FencedWriteException(long writeEpoch, long storeEpoch, boolean retired) {
        super(retired
                ? "write under epoch " + writeEpoch + " refused: this endpoint is retired (the pool moved to another one at epoch "
                        + storeEpoch + ")"
                : "write under epoch " + writeEpoch + " refused: the pool is at epoch " + storeEpoch);
        this.writeEpoch = writeEpoch;
        this.storeEpoch = storeEpoch;
        this.retired = retired;
    }

    /** Whether the endpoint refused because the pool moved away from it. */
    public boolean retired() {
        return retired;
    }

    public long writeEpoch() {
        return writeEpoch;
    }

    public long storeEpoch() {
        return storeEpoch;
    }
}

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

    public FencedWriteException(long writeEpoch, long storeEpoch) {
        super("write under epoch " + writeEpoch + " refused: the pool is at epoch " + storeEpoch);
        this.writeEpoch = writeEpoch;
        this.storeEpoch = storeEpoch;
    }

    public long writeEpoch() {
        return writeEpoch;
    }

    public long storeEpoch() {
        return storeEpoch;
    }
}

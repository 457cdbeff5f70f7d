package io.pchat.storage.config;

/** A configuration value is missing, of the wrong form or impossible; names the key. */
public final class InvalidConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public InvalidConfigurationException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    /** The dotted configuration key, e.g. {@code storage.primary.url}. */
    public String key() {
        return key;
    }
}

package io.pchat.protocol.xccos;

/**
 * {@code <ftdb channelUri=".." fileUrl="<name>"/>}: the file a {@code cmd:getfutok} (upload) or
 * {@code cmd:getfdtok} (download) asks a token for.
 *
 * <p>Invariants: {@code channelUri} is present and not empty; {@code fileUrl} may be null.
 */
public record Ftdb(String channelUri, String fileUrl) implements DataBlock {

    public Ftdb {
        Texts.require("ftdb channelUri", channelUri);
    }
}

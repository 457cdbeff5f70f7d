package io.pchat.protocol.xccos;

/**
 * {@code <token token="<guid>" serveruri="https://<node>/files"/>}: a file transfer token, the
 * answer to {@code cmd:getfutok} and {@code cmd:getfdtok}.
 *
 * <p>Invariants: {@code token} is present and not empty; {@code serveruri} may be null.
 */
public record Token(String token, String serveruri) implements DataBlock {

    public Token {
        Texts.require("token", token);
    }
}

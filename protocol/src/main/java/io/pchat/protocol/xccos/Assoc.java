package io.pchat.protocol.xccos;

/**
 * {@code <assoc type="member"/>}: which rooms {@code cmd:getassociations} lists, those the user
 * is a member of or (ours) a manager of.
 *
 * <p>Invariant: {@code type} is present and not empty.
 */
public record Assoc(String type) implements DataBlock {

    public static final String MEMBER = "member";
    public static final String MANAGER = "manager";

    public Assoc {
        Texts.require("assoc type", type);
    }
}

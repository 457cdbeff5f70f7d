package io.pchat.protocol.xccos;

/**
 * One child of a {@code <data>} element: each permitted record is one XCCOS element, named after
 * it. Which blocks a command or reply carries is given by the command table of docs/xccos.md
 * section 5; the codec does not enforce it, so that a handler can answer a misplaced block with a
 * result code rather than the whole envelope failing.
 */
public sealed interface DataBlock
        permits Chanid, Chanib, Uib, Aib, Fib, Sib, Qib, Bcq, Inv, Pref, Ftdb, Token, Msg, Info, Prop,
                Catib, Assoc {
}

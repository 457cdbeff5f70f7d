package io.pchat.protocol.xccos;

import io.pchat.protocol.xccos.XccosDecodeResult.Kind;

/** A reason to refuse the body; internal, cheap (no stack trace). */
final class XccosProblem extends Exception {
    private static final long serialVersionUID = 1L;
    final Kind kind;

    XccosProblem(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }
}

package io.pchat.server.node.e2e;

import io.pchat.protocol.xccos.RoomUri;

/** XCCOS bodies as a raw SIP client writes them. */
final class RawXccos {
    private RawXccos() {
    }

    static String join(RoomUri room) {
        return "<xccos ver=\"1\" envid=\"101\" xmlns=\"urn:parlano:xml:ns:xccos\"><cmd id=\"cmd:join\" seqid=\"1\"><data>"
                + "<chanid key=\"0\" domain=\"" + room.domain() + "\" value=\"" + room.id() + "\"/></data></cmd></xccos>";
    }

    static String post(RoomUri room, String author, String text) {
        return "<xccos ver=\"1\" envid=\"102\" xmlns=\"urn:parlano:xml:ns:xccos\"><grpchat id=\"grpchat\" seqid=\"1\" chanUri=\""
                + room + "\" author=\"" + author + "\" ts=\"2026-01-01T00:00:00Z\"><chat>" + text + "</chat></grpchat></xccos>";
    }
}

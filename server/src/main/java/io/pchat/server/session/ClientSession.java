package io.pchat.server.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.pchat.protocol.xccos.Envelope;

/**
 * One client's INVITE dialog with the chat service, as the command layer sees it: who it is and
 * how to reach it. The SIP details (tags, CSeq, transactions, timers) stay in the session layer.
 *
 * <p>Invariant: {@link #user()} is the authenticated identity for the whole life of the dialog;
 * it is the author of every message posted in it, whatever the client wrote.
 */
public interface ClientSession {

    /** A stable, unique id of this dialog (Call-ID and both tags), for maps and log lines. */
    String id();

    /** The authenticated user, a lower-cased {@code sip:} URI. */
    String user();

    /** Whether the dialog is still established. Sends to an ended session are dropped. */
    boolean isOpen();

    /** The event loop that owns this dialog; all its SIP state is confined to it. */
    EventLoop eventLoop();

    /** Sends one envelope to the client as an INFO in this dialog. Any thread. */
    void send(Envelope envelope);

    /**
     * Sends an already-encoded envelope body shared by many recipients (fan-out) as an INFO in
     * this dialog. Must be called on {@link #eventLoop()}; the session takes its own reference to
     * {@code body} and the caller keeps its own. Does not flush: call {@link #flush()} once after
     * writing to every session of the same connection.
     */
    void sendShared(ByteBuf body);

    /** Flushes what {@link #sendShared} wrote. Must be called on {@link #eventLoop()}. */
    void flush();

    /**
     * Ends the dialog from the node's side (BYE) once the client's requests taken so far are
     * answered; the service hears of it through {@link XccosService#onSessionEnded}. Any thread.
     */
    void end(String reason);
}

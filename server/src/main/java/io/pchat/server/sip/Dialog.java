package io.pchat.server.sip;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.pchat.protocol.concurrent.EventLoopTasks;
import io.pchat.protocol.sip.DialogInfoTemplate;
import io.pchat.protocol.sip.DialogInfoWriter;
import io.pchat.protocol.xccos.Envelope;
import io.pchat.server.session.ClientSession;

/**
 * One established INVITE dialog between a client and the chat service: its fixed identity, the
 * connection it lives on, the node's CSeq space, the client's last CSeq and its session timer.
 *
 * <p>Invariants: all state except {@code open} is confined to the connection's event loop, so a
 * dialog's INFOs are numbered and written in the same order; the dialog ends exactly once
 * ({@link #terminate}), and then it is gone from its connection, from {@link Dialogs}, and from
 * the pending node transactions, and {@code XccosService.onSessionEnded} has been called once.
 * Nothing is written for it afterwards. When the node ends a dialog ({@link #end}), the BYE
 * follows the answer to every INFO the client sent before it (a post's answer says whether it was
 * stored; a client that saw BYE first could only guess, and might send it again), unless those
 * answers are still owed after {@code sip.nodeRequestTimeout}.
 */
public final class Dialog implements ClientSession {

    private static final Logger log = LoggerFactory.getLogger(Dialog.class);

    private final DialogId id;
    private final AddressOfRecord user;
    private final SipConnection connection;
    private final Channel channel;
    private final DialogInfoWriter writer;
    private final SessionTimer timer;
    private long lastRemoteCSeq;
    private boolean acknowledged;
    private volatile boolean open = true;
    /** INFOs handed to the service whose answer is not yet sent. */
    private int answersOwed;
    /** Why the node ends this dialog once no answer is owed; null while it is not ending. */
    private String endingReason;
    private long endingSinceNanos;

    Dialog(DialogId id, AddressOfRecord user, SipConnection connection, DialogInfoTemplate template,
           long inviteCSeq, int sessionExpiresSeconds) {
        this.id = id;
        this.user = user;
        this.connection = connection;
        this.channel = connection.channel();
        this.writer = DialogInfoWriter.create(template); // the template is not kept: the writer has it encoded
        this.lastRemoteCSeq = inviteCSeq;
        this.timer = new SessionTimer(sessionExpiresSeconds, connection.nanoTime());
    }

    @Override
    public String id() {
        return id.toString();
    }

    DialogId dialogId() {
        return id;
    }

    @Override
    public String user() {
        return user.uri();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    @Override
    public void send(Envelope envelope) {
        // Encode on the caller's thread; only numbering and writing need the event loop.
        byte[] body = connection.context().xccosWriter().encode(envelope);
        runOnEventLoop(() -> {
            ByteBuf buffer = Unpooled.wrappedBuffer(body);
            try {
                if (writeInfo(buffer)) {
                    channel.flush();
                }
            } finally {
                buffer.release();
            }
        });
    }

    @Override
    public void sendShared(ByteBuf body) {
        requireEventLoop();
        writeInfo(body);
    }

    @Override
    public void flush() {
        requireEventLoop();
        channel.flush();
    }

    @Override
    public void end(String reason) {
        runOnEventLoop(() -> {
            if (!open || endingReason != null) {
                return;
            }
            if (answersOwed == 0) {
                terminate(reason, true);
            } else {
                endingReason = reason;
                endingSinceNanos = connection.nanoTime();
                log.debug("dialog {} ends once {} answers are sent: {}", id, answersOwed, reason);
            }
        });
    }

    /** The node is ending this dialog and waits for answers it owes: new requests are refused (503). */
    boolean isEnding() {
        return endingReason != null;
    }

    /** An INFO went to the service: its answer is owed. Event loop only. */
    void answerOwed() {
        answersOwed++;
    }

    /** An owed answer was sent: an ending dialog ends when it was the last. Event loop only. */
    void answerSent() {
        answersOwed--;
        if (endingReason != null && answersOwed <= 0) {
            terminate(endingReason, true);
        }
    }

    /**
     * Ends the dialog with BYE when it has been ending for longer than {@code limitNanos} with
     * answers still owed (a service stage that never completes must not keep it open). Event loop only.
     */
    void endIfOverdue(long nowNanos, long limitNanos) {
        if (endingReason != null && nowNanos - endingSinceNanos > limitNanos) {
            log.warn("dialog {} ends with {} answers still owed after {} ms", id, answersOwed, limitNanos / 1_000_000);
            terminate(endingReason, true);
        }
    }

    /** Writes one INFO (unflushed) and tracks its transaction; false when the dialog is over. */
    private boolean writeInfo(ByteBuf body) {
        if (!open || !channel.isActive()) {
            return false;
        }
        long cseq = writer.nextCSeq();
        writer.write(channel, body);
        connection.nodeTransactions().started(this, cseq, connection.nanoTime());
        return true;
    }

    /**
     * Ends the dialog once: optionally sends BYE (the response is not awaited), then removes it
     * everywhere and tells the service. Event loop only.
     */
    void terminate(String reason, boolean sendBye) {
        requireEventLoop();
        if (!open) {
            return;
        }
        open = false;
        if (sendBye && channel.isActive()) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(bye()), channel.voidPromise());
        }
        connection.dialogEnded(this);
        log.debug("dialog {} of {} ended: {}", id, user, reason);
        try {
            connection.context().service().onSessionEnded(this, reason);
        } catch (RuntimeException e) {
            log.warn("onSessionEnded of {} threw", id, e);
        }
    }

    /**
     * Checks the CSeq of an in-dialog request from the client (RFC 3261 section 12.2.2): it must
     * grow. Records it and returns true, or false for an out-of-order request.
     */
    boolean acceptRemoteCSeq(long cseq) {
        if (cseq <= lastRemoteCSeq) {
            return false;
        }
        lastRemoteCSeq = cseq;
        return true;
    }

    /** The client refreshed the session (UPDATE, re-INVITE); {@code requested} 0 means no Session-Expires. */
    void refresh(int requestedSeconds) {
        timer.restart(SessionTimer.grant(requestedSeconds, connection.context().settings().sessionExpiresSeconds()),
                connection.nanoTime());
    }

    int sessionExpiresSeconds() {
        return timer.intervalSeconds();
    }

    boolean sessionExpired(long nowNanos) {
        return timer.expired(nowNanos);
    }

    void acknowledged() {
        acknowledged = true;
    }

    boolean isAcknowledged() {
        return acknowledged;
    }

    /** A BYE in this dialog with the next CSeq; the writer is not advanced since nothing follows it. */
    private byte[] bye() {
        return writer.lastRequest("BYE");
    }

    private void runOnEventLoop(Runnable task) {
        if (!EventLoopTasks.runOrDrop(channel.eventLoop(), task)) {
            log.debug("event loop of dialog {} is shut down; dropped a task", id);
        }
    }

    private void requireEventLoop() {
        if (!channel.eventLoop().inEventLoop()) {
            throw new IllegalStateException("dialog " + id + " must be used on its event loop");
        }
    }

    @Override
    public String toString() {
        return "Dialog[" + id + ", " + user + (open ? "" : ", ended") + "]";
    }
}

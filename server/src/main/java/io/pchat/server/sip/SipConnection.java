package io.pchat.server.sip;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.pchat.protocol.concurrent.EventLoopTasks;
import io.pchat.protocol.sip.InfoAnswer;
import io.pchat.protocol.sip.InfoRequest;
import io.pchat.protocol.sip.SipFrame;
import io.pchat.protocol.sip.SipFrameDecoder;
import io.pchat.protocol.sip.SipParseResult;
import io.pchat.protocol.sip.SipResponseBuilder;

/**
 * One client TCP connection: turns frames into requests for the {@link RequestHandlers}, matches
 * responses to the node's INFOs, holds the dialogs that live on the connection and runs their
 * timers.
 *
 * <p>Invariants: all state is confined to the channel's event loop; every frame received is
 * released exactly once, here; no exception leaves {@link #channelRead}; when the channel goes
 * inactive every dialog on it has ended (the SIPE client resets the connection at logout and
 * must leave nothing behind). One periodic sweep per connection drives every timeout (node INFO
 * transactions, session timers, stalled output, the handshake, message and idle deadlines), so no
 * task is scheduled per request.
 *
 * <p>Bounds on what a peer costs (see {@link ConnectionLimits}): while the connection's queued
 * output is over its high-water mark, nothing more is read from it (so a peer that sends and never
 * reads stops itself); at most one keep-alive answer is queued at a time; a connection is closed
 * when it has sent no complete message within {@code handshakeTimeout}, when a message it began is
 * not complete within {@code messageTimeout}, and when it holds no dialog and no registration and
 * has sent nothing for {@code idleTimeout}.
 */
final class SipConnection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(SipConnection.class);
    private static final byte[] CRLF = {'\r', '\n'};

    private final SipContext context;
    private final NodeTransactions<Dialog> nodeTransactions;
    private final Map<DialogId, Dialog> dialogs = new LinkedHashMap<>();
    private final PendingInvites pendingInvites = new PendingInvites();
    private Channel channel;
    private ScheduledFuture<?> sweep;
    private long unwritableSinceNanos = -1;
    private long openedNanos;
    /** When the last complete SIP message arrived; -1 before the first. */
    private long lastMessageNanos = -1;
    /** Since when part of a message is held by the decoder; -1 when none is. */
    private long partialSinceNanos = -1;
    private boolean keepAliveAnswerQueued;
    /** Queued output last reported to the node-wide budget. */
    private long reportedOutbound;

    SipConnection(SipContext context) {
        this.context = context;
        this.nodeTransactions = new NodeTransactions<>(context.settings().nodeTransactionTimeout().toNanos(),
                d -> d.dialogId().callId());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        long tick = context.settings().timerTick().toNanos();
        openedNanos = nanoTime();
        sweep = ctx.executor().scheduleAtFixedRate(this::sweep, tick, tick, TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof SipFrame.Message message) {
                lastMessageNanos = nanoTime();
                partialSinceNanos = -1;
                onMessage(message);
            } else if (msg instanceof SipFrame.KeepAlive) {
                answerKeepAlive();
            } else if (msg instanceof SipFrame.Failed failed) {
                onFailedFrame(failed);
            } else {
                log.warn("unexpected inbound {} on {}", msg.getClass().getName(), channel);
            }
        } catch (RuntimeException e) {
            log.warn("error handling {} on {}", msg, channel, e);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        boolean writable = channel.isWritable();
        if (writable) {
            unwritableSinceNanos = -1;
        } else if (unwritableSinceNanos < 0) {
            unwritableSinceNanos = nanoTime();
        }
        // back-pressure: a peer whose answers pile up is not read until they drain to the low mark
        channel.config().setAutoRead(writable);
        ctx.fireChannelWritabilityChanged();
    }

    /** A keep-alive (CRLF CRLF) is answered with CRLF, but never more than one answer queued at a time. */
    private void answerKeepAlive() {
        if (keepAliveAnswerQueued) {
            return;
        }
        keepAliveAnswerQueued = true;
        channel.writeAndFlush(Unpooled.wrappedBuffer(CRLF)).addListener(f -> keepAliveAnswerQueued = false);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (sweep != null) {
            sweep.cancel(false);
        }
        context.outbound().change(-reportedOutbound);
        reportedOutbound = 0;
        pendingInvites.clear();
        endAll("connection lost", false);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("I/O error on {}: {}", channel, cause.toString());
        } else if (cause.getCause() instanceof SSLException tls) {
            // a refused certificate or a client that is not speaking TLS: normal, not a fault of ours
            log.info("TLS handshake with {} failed: {}", channel.remoteAddress(), tls.getMessage());
        } else {
            log.warn("closing {} after an unexpected error", channel, cause);
        }
        ctx.close();
    }

    // ---- inbound messages

    private void onMessage(SipFrame.Message frame) {
        // The delivery path: a client's answer to one of the node's INFOs, one per message delivered,
        // read without the general parser; anything the scan does not take goes to JAIN-SIP below.
        InfoAnswer scanned = InfoAnswer.scan(frame.headers());
        if (scanned != null) {
            onAnswer(scanned.status(), scanned.callId(), scanned.cseq());
            return;
        }
        // The post path: a client's INFO in one of its dialogs here, read and answered without JAIN-SIP.
        InfoHandler posts = context.handlers().postPath();
        if (posts != null) {
            InfoRequest info = InfoRequest.scan(frame.headers());
            if (info != null && posts.handleScanned(this, info, frame)) {
                return;
            }
        }
        SipParseResult result = context.parser().parse(frame);
        if (result instanceof SipParseResult.Invalid invalid) {
            log.debug("invalid message on {}: {}", channel, invalid.problem());
            byte[] answer = MinimalResponse.answering(frame.headerBytes(), 400, invalid.problem());
            if (answer != null) {
                channel.writeAndFlush(Unpooled.wrappedBuffer(answer), channel.voidPromise());
            }
            return;
        }
        SIPMessage message = ((SipParseResult.Parsed) result).message();
        if (message instanceof SIPRequest request) {
            onRequest(request);
        } else if (message instanceof SIPResponse response) {
            onResponse(response);
        }
    }

    private void onRequest(SIPRequest request) {
        String method = request.getMethod();
        RequestHandler handler = context.handlers().get(method);
        if (handler == null) {
            if (!SIPRequest.ACK.equals(method)) {
                respond(allow(answer(request, RequestHandlers.isKnown(method) ? 405 : 501)).build());
            }
            return;
        }
        try {
            handler.handle(this, request);
        } catch (RuntimeException e) {
            log.warn("{} handler failed on {}", method, channel, e);
            if (!SIPRequest.ACK.equals(method)) {
                respond(answer(request, 500).build());
            }
        }
    }

    /** A response the fast scan did not take (another method than INFO, or unusual): the same handling. */
    private void onResponse(SIPResponse response) {
        onAnswer(response.getStatusCode(), response.getCallId().getCallId(), response.getCSeq().getSeqNumber());
    }

    /** A client's response to a node INFO: 2xx completes it; 481, 487 or 408 means the dialog is dead. */
    private void onAnswer(int status, String callId, long cseq) {
        if (status < 200) {
            return;
        }
        Dialog dialog = nodeTransactions.completed(callId, cseq);
        if (dialog == null) {
            log.debug("response {} to CSeq {} of {} matches no pending request on {}", status, cseq, callId, channel);
            return;
        }
        if (status == 481 || status == 487 || status == 408) {
            dialog.terminate("client answered " + status + " to a node INFO", false);
        } else if (status >= 300) {
            log.debug("client refused node INFO {} of {} with {}", cseq, dialog, status);
        }
    }

    private void onFailedFrame(SipFrame.Failed failed) {
        log.debug("unframeable input on {}: {}", channel, failed);
        if (failed.reason() == SipFrame.Failed.Reason.TRUNCATED || !channel.isActive()) {
            return;
        }
        Object answer = null;
        if (failed.hasHeaderBlock()
                && context.parser().parseHeaderBlock(failed.headerBlock()) instanceof SipParseResult.Parsed parsed
                && parsed.message() instanceof SIPRequest request) {
            if (!SIPRequest.ACK.equals(request.getMethod())) {
                answer = answer(request, failed.status()).reason(ReasonPhrase.of(failed.detail())).build();
            }
        } else {
            byte[] raw = MinimalResponse.answering(failed.headerBlock(), failed.status(), failed.detail());
            answer = raw == null ? null : Unpooled.wrappedBuffer(raw);
        }
        if (failed.framingLost()) {
            channel.writeAndFlush(answer == null ? Unpooled.EMPTY_BUFFER : answer).addListener(ChannelFutureListener.CLOSE);
        } else if (answer != null) {
            channel.writeAndFlush(answer, channel.voidPromise());
        }
    }

    // ---- for request handlers

    SipContext context() {
        return context;
    }

    Channel channel() {
        return channel;
    }

    long nanoTime() {
        return context.ticker().nanoTime();
    }

    NodeTransactions<Dialog> nodeTransactions() {
        return nodeTransactions;
    }

    /** INVITEs being authenticated, by transaction, so that a CANCEL can find them. */
    PendingInvites pendingInvites() {
        return pendingInvites;
    }

    /** A response builder for {@code request} that gives a To tag to a request that has none. */
    static SipResponseBuilder answer(SIPRequest request, int status) {
        SipResponseBuilder builder = SipResponseBuilder.answering(request, status);
        // an in-dialog request's To carries the dialog's tag already: no new one is made for it
        return request.getToTag() == null ? builder.toTag(Tags.newTag()) : builder;
    }

    /** Adds one {@code Allow} value per served method. */
    SipResponseBuilder allow(SipResponseBuilder builder) {
        for (String method : context.handlers().allow()) {
            builder.header("Allow", method);
        }
        return builder;
    }

    void respond(SIPResponse response) {
        if (channel.isActive()) {
            channel.writeAndFlush(response, channel.voidPromise());
        }
    }

    /** Writes a response already encoded (the post path's answers). */
    void respondRaw(byte[] response) {
        if (channel.isActive()) {
            channel.writeAndFlush(channel.alloc().directBuffer(response.length).writeBytes(response), channel.voidPromise());
        }
    }

    /** The open dialog with this id on this connection, or null. */
    Dialog dialog(DialogId id) {
        return dialogs.get(id);
    }

    /** The open dialog an in-dialog request names, without checks; null if none. */
    Dialog findDialog(SIPRequest request) {
        DialogId id = DialogId.of(request);
        return id == null ? null : dialogs.get(id);
    }

    /**
     * The dialog of an in-dialog request whose CSeq is in order, or null after answering 481
     * (no such dialog on this connection) or 500 (CSeq not above the last one).
     */
    Dialog inDialog(SIPRequest request) {
        Dialog dialog = findDialog(request);
        if (dialog == null) {
            respond(answer(request, 481).build());
            return null;
        }
        if (!dialog.acceptRemoteCSeq(request.getCSeq().getSeqNumber())) {
            respond(answer(request, 500).reason("CSeq Out Of Order").build());
            return null;
        }
        return dialog;
    }

    void addDialog(Dialog dialog) {
        dialogs.put(dialog.dialogId(), dialog);
    }

    /** Called once by {@link Dialog#terminate}: forget it here and node-wide. */
    void dialogEnded(Dialog dialog) {
        dialogs.remove(dialog.dialogId(), dialog);
        if (lastMessageNanos >= 0) {
            lastMessageNanos = nanoTime(); // the peer gets a whole idle period to answer the BYE or start anew
        }
        nodeTransactions.forget(dialog);
        context.dialogs().remove(dialog);
    }

    int dialogCount() {
        return dialogs.size();
    }

    InetAddress peerAddress() {
        return ((InetSocketAddress) channel.remoteAddress()).getAddress();
    }

    /** The IP literal the client reached the node at. */
    String localHost() {
        return ((InetSocketAddress) channel.localAddress()).getAddress().getHostAddress();
    }

    int localPort() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** {@code host:port} of the node for the Via of its requests. */
    String viaSentBy() {
        String host = localHost();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + localPort();
    }

    /** Runs {@code task} on this connection's event loop (now if already there); dropped if the loop is gone. */
    void executeOnLoop(Runnable task) {
        if (!EventLoopTasks.runOrDrop(channel.eventLoop(), task)) {
            log.debug("event loop of {} is shut down; dropped a task", channel);
        }
    }

    /** Ends every dialog with BYE and closes once the BYEs are flushed: the node is stopping. */
    void shutdown(String reason) {
        endAll(reason, true);
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void endAll(String reason, boolean sendBye) {
        for (Dialog dialog : List.copyOf(dialogs.values())) {
            dialog.terminate(reason, sendBye);
        }
    }

    // ---- timers

    /** Why the connection must close now for a handshake, message or idle deadline; null if none is missed. */
    private String missedDeadline(long now) {
        ConnectionLimits limits = context.settings().connectionLimits();
        if (!channel.config().isAutoRead()) {
            // not read because its answers pile up (back-pressure): the wait is ours, not the peer's;
            // sip.outboundStallLimit bounds it
            partialSinceNanos = -1;
            if (lastMessageNanos >= 0) {
                lastMessageNanos = now;
            }
            return null;
        }
        if (decoderInMessage()) {
            if (partialSinceNanos < 0) {
                partialSinceNanos = now;
            } else if (now - partialSinceNanos > limits.messageTimeout().toNanos()) {
                return "a message begun was not complete within " + limits.messageTimeout().toMillis() + " ms";
            }
        } else {
            partialSinceNanos = -1;
        }
        if (lastMessageNanos < 0) {
            return now - openedNanos > limits.handshakeTimeout().toNanos()
                    ? "no complete SIP message within " + limits.handshakeTimeout().toMillis() + " ms of connecting" : null;
        }
        if (dialogs.isEmpty() && now - lastMessageNanos > limits.idleTimeout().toNanos()
                && !context.registrations().holds(channel)) {
            return "idle for " + limits.idleTimeout().toMillis() + " ms without a dialog or registration";
        }
        return null;
    }

    private boolean decoderInMessage() {
        SipFrameDecoder decoder = channel.pipeline().get(SipFrameDecoder.class);
        return decoder != null && decoder.inMessage();
    }

    private void sweep() {
        try {
            long now = nanoTime();
            for (NodeTransactions.Expired<Dialog> expired : nodeTransactions.expired(now)) {
                expired.dialog().terminate("no answer to node INFO " + expired.cseq() + " within "
                        + context.settings().nodeTransactionTimeout().toMillis() + " ms", true);
            }
            long answerWait = context.settings().nodeTransactionTimeout().toNanos();
            for (Dialog dialog : List.copyOf(dialogs.values())) {
                if (dialog.sessionExpired(now)) {
                    dialog.terminate("session expired", true);
                } else {
                    dialog.endIfOverdue(now, answerWait);
                }
            }
            if (unwritableSinceNanos >= 0 && !channel.isWritable()
                    && now - unwritableSinceNanos > context.settings().outboundStallLimit().toNanos()) {
                log.info("closing {}: output above the high-water mark for over {}", channel,
                        context.settings().outboundStallLimit());
                endAll("outbound stalled", false);
                channel.close();
                return;
            }
            long queued = OutboundLimit.queuedBytes(channel);
            context.outbound().change(queued - reportedOutbound);
            reportedOutbound = queued;
            if (context.outbound().exceeded() && !channel.isWritable()) {
                log.info("closing {}: {} bytes queued to it while the node's outbound budget is spent"
                        + " (sip.outboundBudget {})", channel, queued, context.outbound().budget());
                endAll("node outbound budget exceeded", false);
                channel.close();
                return;
            }
            String deadline = missedDeadline(now);
            if (deadline != null) {
                log.debug("closing {}: {}", channel, deadline);
                endAll(deadline, false);
                channel.close();
            }
        } catch (RuntimeException e) {
            log.warn("timer sweep failed on {}", channel, e);
        }
    }
}

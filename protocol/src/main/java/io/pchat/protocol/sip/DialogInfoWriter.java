package io.pchat.protocol.sip;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;

/**
 * Writes the node's INFO requests for one dialog on the fan-out hot path: no JAIN-SIP objects, no
 * string formatting, and no copy of the body per recipient.
 *
 * <p>Everything constant is encoded once, at construction, into three byte arrays. Per request
 * only three numbers are written as ASCII digits: the CSeq (twice: in CSeq and at the end of the
 * Via branch) and the Content-Length. The branch is {@code z9hG4bK} + a per-dialog random prefix +
 * the CSeq, hence unique per request (RFC 3261 section 8.1.1.7).
 *
 * <p>Wire form, in this order: request line, Via, Max-Forwards 70, From, To, Call-ID, CSeq,
 * Contact, {@code Content-Type: text/plain; charset=UTF-8}, Content-Length, empty line, body.
 *
 * <p>Thread confinement: the CSeq counter is a plain field. A dialog's INFOs must reach the client
 * in CSeq order (a lower CSeq after a higher one is refused), so numbering and writing have to
 * happen together on the dialog channel's event loop anyway; an atomic counter would hide the
 * ordering bug rather than fix it. Use one writer per dialog, only from that event loop.
 *
 * <p>Reference counting: the body is the caller's, already-encoded UTF-8 buffer, shared by every
 * recipient. Each call takes exactly one extra reference to it (a retained duplicate, so the
 * caller's reader index never moves) and hands that reference on with the output; the caller keeps
 * and eventually releases its own reference.
 */
public final class DialogInfoWriter {

    /** The largest CSeq RFC 3261 allows (section 8.1.1.5: less than 2^31). */
    static final long MAX_CSEQ = Integer.MAX_VALUE;

    private static final byte[] END_OF_HEADERS = ascii("\r\n\r\n");
    private static final byte[] INFO_SPACE = ascii("INFO ");
    private static final int MAX_DIGITS = 10;

    private final byte[] upToBranchNumber;
    private final byte[] upToCSeqNumber;
    private final byte[] upToContentLength;
    private final String branchPrefix;
    private long nextCSeq;

    /**
     * @param template the dialog's fixed header values
     * @param firstCSeq the CSeq of the first INFO (any value 1..2^31-1; the node has sent no
     *     request in the dialog before, so 1 is natural)
     * @param branchPrefix token characters that make this dialog's branches unique among all
     *     dialogs; {@link #create} picks a random one
     */
    public DialogInfoWriter(DialogInfoTemplate template, long firstCSeq, String branchPrefix) {
        Objects.requireNonNull(template, "template");
        if (firstCSeq < 1 || firstCSeq > MAX_CSEQ) {
            throw new IllegalArgumentException("CSeq must be in 1.." + MAX_CSEQ + ": " + firstCSeq);
        }
        if (!branchPrefix.matches("[A-Za-z0-9.!%*_+`'~-]+")) {
            throw new IllegalArgumentException("branch prefix is not a token: " + branchPrefix);
        }
        this.branchPrefix = branchPrefix;
        this.nextCSeq = firstCSeq;
        this.upToBranchNumber = utf8(new String(INFO_SPACE, StandardCharsets.US_ASCII) + template.requestUri() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + template.viaTransport() + " " + template.viaSentBy()
                + ";branch=" + branchMagicAndPrefix(branchPrefix));
        this.upToCSeqNumber = utf8("\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: " + template.localAddress() + ";tag=" + template.localTag() + "\r\n"
                + "To: " + template.remoteAddress() + ";tag=" + template.remoteTag() + "\r\n"
                + "Call-ID: " + template.callId() + "\r\n"
                + "CSeq: ");
        this.upToContentLength = utf8(" INFO\r\n"
                + "Contact: <" + template.contactUri() + ">\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Length: ");
    }

    /** A writer starting at CSeq 1 with a random 64-bit branch prefix. */
    public static DialogInfoWriter create(DialogInfoTemplate template) {
        return new DialogInfoWriter(template, 1, Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE));
    }

    /** The CSeq the next request will carry. */
    public long nextCSeq() {
        return nextCSeq;
    }

    /** The Via branch of the request with the given CSeq, as this writer writes it. */
    public String branch(long cseq) {
        return branchMagicAndPrefix(branchPrefix) + cseq;
    }

    /**
     * The whole request as one buffer: a composite of a new header buffer and a retained duplicate
     * of {@code body}. Releasing the result releases both; {@code body}'s own reference and reader
     * index are untouched.
     */
    public ByteBuf encode(ByteBufAllocator alloc, ByteBuf body) {
        ByteBuf header = encodeHeader(alloc, body.readableBytes());
        CompositeByteBuf request = alloc.compositeBuffer(2);
        request.addComponent(true, header);
        request.addComponent(true, body.retainedDuplicate());
        return request;
    }

    /**
     * Writes the request to {@code channel} as two buffers (header, then a retained duplicate of
     * {@code body}), which the channel releases once written. Must be called on the channel's event
     * loop. Both writes use the channel's void promise: nothing is allocated to report on them (the
     * fan-out hot path); a failed write reaches the pipeline's exception handler instead.
     */
    public void write(Channel channel, ByteBuf body) {
        assert channel.eventLoop().inEventLoop() : "CSeq order needs the dialog's event loop";
        channel.write(encodeHeader(channel.alloc(), body.readableBytes()), channel.voidPromise());
        channel.write(body.retainedDuplicate(), channel.voidPromise());
    }

    /**
     * A request without a body in this dialog with the next CSeq (the node's BYE), built from the
     * same pre-encoded parts as the INFOs (so a dialog need not keep its template's strings):
     * request line, Via with this writer's branch, Max-Forwards, From, To, Call-ID, CSeq,
     * {@code Content-Length: 0}. The counter is not advanced: nothing follows it in the dialog.
     */
    public byte[] lastRequest(String method) {
        byte[] methodSpace = (method + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] number = Long.toString(nextCSeq).getBytes(StandardCharsets.US_ASCII);
        byte[] tail = (" " + method + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        int afterInfo = INFO_SPACE.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream(upToBranchNumber.length + upToCSeqNumber.length + 64);
        out.writeBytes(methodSpace);
        out.write(upToBranchNumber, afterInfo, upToBranchNumber.length - afterInfo);
        out.writeBytes(number);
        out.writeBytes(upToCSeqNumber);
        out.writeBytes(number);
        out.writeBytes(tail);
        return out.toByteArray();
    }

    /**
     * Only the header block, for a body of {@code bodyLength} bytes, taking the next CSeq. The
     * caller owns the returned buffer.
     */
    public ByteBuf encodeHeader(ByteBufAllocator alloc, int bodyLength) {
        if (bodyLength < 0) {
            throw new IllegalArgumentException("negative body length " + bodyLength);
        }
        long cseq = nextCSeq;
        if (cseq > MAX_CSEQ) {
            throw new IllegalStateException("CSeq space of this dialog is exhausted");
        }
        nextCSeq = cseq + 1;
        int size = upToBranchNumber.length + upToCSeqNumber.length + upToContentLength.length
                + END_OF_HEADERS.length + 3 * MAX_DIGITS;
        ByteBuf header = alloc.buffer(size, size);
        header.writeBytes(upToBranchNumber);
        writeDigits(header, cseq);
        header.writeBytes(upToCSeqNumber);
        writeDigits(header, cseq);
        header.writeBytes(upToContentLength);
        writeDigits(header, bodyLength);
        header.writeBytes(END_OF_HEADERS);
        return header;
    }

    /** Writes {@code value >= 0} in decimal ASCII without creating a String. */
    private static void writeDigits(ByteBuf out, long value) {
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        int end = out.writerIndex() + digits;
        out.writerIndex(end);
        long v = value;
        for (int i = end - 1; i >= end - digits; i--) {
            out.setByte(i, (int) ('0' + v % 10));
            v /= 10;
        }
    }

    private static String branchMagicAndPrefix(String prefix) {
        return "z9hG4bK" + prefix + "-";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

package io.pchat.protocol.sip;

import gov.nist.javax.sip.header.ContentLength;
import gov.nist.javax.sip.message.SIPMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

import java.nio.charset.StandardCharsets;

/**
 * Writes a JAIN-SIP message to the wire: start line and headers as UTF-8, then the body's exact
 * bytes.
 *
 * <p>Invariant of the output: {@code Content-Length} equals the number of body bytes written. If the
 * message's header disagrees (a body changed behind JAIN-SIP's back) the header is corrected on the
 * message before encoding. JAIN-SIP's own {@code encodeAsBytes(transport)} is not used because it
 * rewrites a request's top Via transport as a side effect. Stateless and sharable.
 */
@ChannelHandler.Sharable
public final class SipMessageEncoder extends MessageToByteEncoder<SIPMessage> {

    public SipMessageEncoder() {
        super(SIPMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, SIPMessage message, ByteBuf out) {
        encode(message, out);
    }

    /** Appends the wire form of {@code message} to {@code out}; usable without a pipeline. */
    public static void encode(SIPMessage message, ByteBuf out) {
        byte[] body = message.getRawContent();
        int bodyLength = body == null ? 0 : body.length;
        if (message.getContentLength() == null || message.getContentLength().getContentLength() != bodyLength) {
            message.setContentLength(new ContentLength(bodyLength));
        }
        // encodeMessage() writes the start line, the headers and the empty line, but not the body.
        out.writeCharSequence(message.encodeMessage(new StringBuilder(256)), StandardCharsets.UTF_8);
        if (bodyLength > 0) {
            out.writeBytes(body);
        }
    }
}

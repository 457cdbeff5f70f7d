package io.pchat.protocol.sip;

import gov.nist.javax.sip.header.RequestLine;
import gov.nist.javax.sip.header.StatusLine;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import io.pchat.protocol.sip.SipParseResult.Invalid;
import io.pchat.protocol.sip.SipParseResult.Parsed;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;

/**
 * Parses framed SIP messages into JAIN-SIP {@link SIPMessage}s, strictly: where JAIN-SIP on its own
 * would drop a header it cannot parse and carry on, this parser rejects the message.
 *
 * <p>Strict means: the header block is valid UTF-8 (RFC 3261 section 7.3.1 text is UTF-8); every
 * header line parses; Call-ID, CSeq, From and To are present, and Via too for requests; a request's
 * CSeq method equals its method; a declared Content-Length equals the body length. Max-Forwards is
 * not required (RFC 3261 wants it, but it is meaningless on our single hop and some clients omit
 * it). Bodies are not decoded here; that is the XCCOS layer's job.
 *
 * <p>Thread safety: instances are stateless and may be shared by every event loop. JAIN-SIP's
 * {@code StringMsgParser} in 1.3.0-91 has no instance fields and its lexer tables are
 * {@code ConcurrentHashMap}s, but older releases kept per-parse state in the instance; a new one
 * is created per call because it costs one empty object, so no JAIN-SIP version can make sharing
 * unsafe.
 */
public final class SipMessageParser {

    /** JAIN-SIP drops unparseable headers when given no listener; rethrowing makes them fatal. */
    private static final ParseExceptionListener REJECT_BAD_HEADERS = (ex, message, headerClass, header, raw) -> {
        String what = headerClass == RequestLine.class || headerClass == StatusLine.class ? "start line" : "header";
        // the peer's own line, not the parser's internals (which name its classes and buffers)
        throw new ParseException("bad " + what + " '" + oneLine(header) + "'", ex.getErrorOffset());
    };

    /** Parses a frame's header block and body; the frame is not released. */
    public SipParseResult parse(SipFrame.Message frame) {
        return parse(frame.headerBytes(), frame.bodyBytes());
    }

    /**
     * Parses a header block (start line through the empty line) and the body that followed it.
     */
    public SipParseResult parse(byte[] headerBlock, byte[] body) {
        SipParseResult result = parseHeaderBlock(headerBlock);
        if (!(result instanceof Parsed parsed)) {
            return result;
        }
        SIPMessage message = parsed.message();
        int declared = message.getContentLength() == null ? 0 : message.getContentLength().getContentLength();
        if (declared != body.length) {
            return new Invalid("Content-Length " + declared + " does not match the body length " + body.length);
        }
        if (body.length > 0) {
            message.setMessageContent(body);
        }
        return result;
    }

    /**
     * Parses a header block alone, without its body: for answering a message whose body was
     * refused, e.g. the header block of a {@link SipFrame.Failed}.
     */
    public SipParseResult parseHeaderBlock(byte[] headerBlock) {
        String encodingProblem = utf8Problem(headerBlock);
        if (encodingProblem != null) {
            return new Invalid(encodingProblem);
        }
        SIPMessage message;
        try {
            message = new StringMsgParser().parseSIPMessage(headerBlock, false, true, REJECT_BAD_HEADERS);
        } catch (ParseException e) {
            return new Invalid(oneLine(e.getMessage()));
        } catch (RuntimeException e) {
            // JAIN-SIP's hand-written lexers can trip over odd input with unchecked exceptions.
            return new Invalid("unparseable message");
        }
        if (message == null) {
            return new Invalid("empty message");
        }
        String missing = missingMandatoryHeader(message);
        if (missing != null) {
            return new Invalid("missing mandatory header " + missing);
        }
        if (message instanceof SIPRequest request) {
            String cseqMethod = request.getCSeq().getMethod();
            if (!request.getMethod().equals(cseqMethod)) {
                return new Invalid("CSeq method " + cseqMethod + " does not match request method " + request.getMethod());
            }
        }
        return new Parsed(message);
    }

    private static String missingMandatoryHeader(SIPMessage message) {
        if (message.getCallId() == null) {
            return "Call-ID";
        }
        if (message.getCSeq() == null) {
            return "CSeq";
        }
        if (message.getFrom() == null) {
            return "From";
        }
        if (message.getTo() == null) {
            return "To";
        }
        if (message instanceof SIPRequest && message.getTopmostVia() == null) {
            return "Via";
        }
        return null;
    }

    private static String utf8Problem(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return null;
        } catch (CharacterCodingException e) {
            return "header block is not valid UTF-8";
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}

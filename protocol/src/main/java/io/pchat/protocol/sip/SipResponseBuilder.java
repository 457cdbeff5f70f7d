package io.pchat.protocol.sip;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

import javax.sip.InvalidArgumentException;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.Header;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds the node's response to one request: status line, the headers RFC 3261 section 8.2.6
 * copies from the request (Via, From, To, Call-ID, CSeq), and whatever the session layer adds
 * (To tag, Contact, Retry-After, Session-Expires, a body...).
 *
 * <p>A builder is single-use and not thread-safe; {@link #build()} returns a new JAIN-SIP response
 * each time and never modifies the request. Arguments that do not parse (a bad URI, a bad header
 * value) are programming errors and throw {@link IllegalArgumentException} at once.
 */
public final class SipResponseBuilder {

    private static final HeaderFactoryImpl HEADERS = new HeaderFactoryImpl();
    private static final AddressFactoryImpl ADDRESSES = new AddressFactoryImpl();

    private final SIPRequest request;
    private final int status;
    private String reason;
    private String toTag;
    private final List<Header> extraHeaders = new ArrayList<>();
    private ContentTypeHeader contentType;
    private byte[] body;

    private SipResponseBuilder(SIPRequest request, int status) {
        if (status < 100 || status > 699) {
            throw new IllegalArgumentException("not a SIP status: " + status);
        }
        this.request = Objects.requireNonNull(request, "request");
        this.status = status;
    }

    /** Starts a response with {@code status} and the standard reason phrase. */
    public static SipResponseBuilder answering(SIPRequest request, int status) {
        return new SipResponseBuilder(request, status);
    }

    /** Replaces the standard reason phrase. */
    public SipResponseBuilder reason(String reason) {
        this.reason = Objects.requireNonNull(reason, "reason");
        return this;
    }

    /**
     * Sets the To tag if the request had none (a dialog-creating or out-of-dialog request). An
     * in-dialog request already carries the dialog's tag, which is kept as RFC 3261 requires.
     */
    public SipResponseBuilder toTag(String tag) {
        this.toTag = Objects.requireNonNull(tag, "tag");
        return this;
    }

    /** Adds a Contact; call it several times for a 302 listing several nodes. */
    public SipResponseBuilder contact(String uri) {
        try {
            extraHeaders.add(HEADERS.createContactHeader(ADDRESSES.createAddress(uri)));
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad Contact URI: " + uri, e);
        }
        return this;
    }

    /** Adds {@code Retry-After: seconds}, as a 503 does when overloaded or when no active node is known. */
    public SipResponseBuilder retryAfter(int seconds) {
        try {
            extraHeaders.add(HEADERS.createRetryAfterHeader(seconds));
        } catch (InvalidArgumentException e) {
            throw new IllegalArgumentException("bad Retry-After: " + seconds, e);
        }
        return this;
    }

    /** Adds any header given as name and value, e.g. {@code Session-Expires: 1800;refresher=uac}. */
    public SipResponseBuilder header(String name, String value) {
        try {
            extraHeaders.add(HEADERS.createHeader(name, value));
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad header " + name + ": " + value, e);
        }
        return this;
    }

    /** Sets the body; Content-Length follows from its bytes. */
    public SipResponseBuilder body(String type, String subType, byte[] content) {
        try {
            this.contentType = HEADERS.createContentTypeHeader(type, subType);
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad Content-Type " + type + "/" + subType, e);
        }
        this.body = content.clone();
        return this;
    }

    /** A new response; the request is left untouched. */
    public SIPResponse build() {
        SIPResponse response = reason == null ? request.createResponse(status) : request.createResponse(status, reason);
        if (toTag != null && response.getTo().getTag() == null) {
            try {
                response.getTo().setTag(toTag);
            } catch (ParseException e) {
                throw new IllegalArgumentException("bad To tag: " + toTag, e);
            }
        }
        for (Header header : extraHeaders) {
            response.addHeader((Header) header.clone());
        }
        if (body != null) {
            try {
                response.setContent(body.clone(), (ContentTypeHeader) contentType.clone());
            } catch (ParseException e) {
                throw new IllegalArgumentException("bad body", e);
            }
        }
        return response;
    }
}

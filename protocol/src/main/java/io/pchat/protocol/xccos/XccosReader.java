package io.pchat.protocol.xccos;

import io.pchat.protocol.xccos.XccosDecodeResult.Decoded;
import io.pchat.protocol.xccos.XccosDecodeResult.Failed;
import io.pchat.protocol.xccos.XccosDecodeResult.Kind;

import java.io.CharArrayReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads an XCCOS body into an {@link Envelope}, with the JDK's StAX parser.
 *
 * <p>Liberal where the protocol asks for it: unknown attributes are ignored and unknown elements
 * skipped with their whole subtree; attribute order is free; element and attribute names, the
 * {@code cmd:}/{@code rpl:}/{@code ntc:} prefixes and the names after them are compared
 * case-insensitively; the root may be in the XCCOS namespace or in none (a different namespace
 * is refused: that is another vocabulary); elements in foreign namespaces count as unknown;
 * numbers may carry surrounding whitespace; a UTF-8 byte order mark and an XML declaration are
 * accepted; a missing {@code ver} means 1.
 *
 * <p>Strict where safety needs it: the bytes must be UTF-8; a document with a DOCTYPE is refused
 * before any of it is processed, so no entity is ever declared, expanded or fetched (XXE,
 * billion laughs); {@link XccosLimits} bound input size, depth, element count and the length of
 * attributes and texts. An envelope is all or nothing: one bad known element fails it, since
 * the SIP layer answers the whole INFO.
 *
 * <p>Never throws for any input: every problem is a {@link Failed} naming it. Thread-safe.
 */
public final class XccosReader {

    /** The JDK parser's own property: reuse the last reader, reset, for the next input. */
    private static final String REUSE_INSTANCE = "reuse-instance";

    private final XccosLimits limits;
    /** Whether a delivery as the node writes it is read by {@link CanonicalGroupChat} (false: the XML parser only, for tests). */
    private final boolean shortcut;

    // XMLInputFactory is not specified as thread-safe; one per thread costs little.
    private final ThreadLocal<XMLInputFactory> factories = ThreadLocal.withInitial(XccosReader::secureFactory);

    public XccosReader() {
        this(XccosLimits.DEFAULTS);
    }

    public XccosReader(XccosLimits limits) {
        this(limits, true);
    }

    XccosReader(XccosLimits limits, boolean shortcut) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.shortcut = shortcut;
    }

    public XccosLimits limits() {
        return limits;
    }

    /**
     * Reads a whole body.
     *
     * @throws NullPointerException if {@code body} is null (a caller's bug)
     */
    public XccosDecodeResult read(byte[] body) {
        return read(body, 0, body.length);
    }

    /**
     * Reads {@code length} bytes of {@code body} from {@code offset}.
     *
     * @throws IndexOutOfBoundsException if the range is not within {@code body} (a caller's bug,
     *         not a property of the input)
     */
    public XccosDecodeResult read(byte[] body, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, body.length);
        if (length > limits.maxInputBytes()) {
            return new Failed(Kind.LIMIT_EXCEEDED,
                    "body is " + length + " bytes, over the limit of " + limits.maxInputBytes());
        }
        if (length == 0) {
            return new Failed(Kind.MALFORMED_XML, "body is empty");
        }
        CharBuffer chars = CharBuffer.allocate(length); // UTF-8 never has more chars than bytes
        ByteBuffer bytes = ByteBuffer.wrap(body, offset, length);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult result = decoder.decode(bytes, chars, true);
        if (!result.isError()) {
            result = decoder.flush(chars);
        }
        if (result.isError()) {
            return new Failed(Kind.NOT_UTF8, "body is not UTF-8: invalid byte sequence at byte "
                    + (bytes.position() - offset));
        }
        int start = chars.position() > 0 && chars.get(0) == '\uFEFF' ? 1 : 0; // byte order mark
        // a delivery exactly as the node writes it (one per message a client receives) skips the XML parser
        Envelope canonical = shortcut ? CanonicalGroupChat.read(chars.array(), start, chars.position() - start, limits) : null;
        return canonical != null ? new Decoded(canonical) : parse(chars.array(), start, chars.position() - start);
    }

    /**
     * Reads a body from a stream, up to one byte over the size limit.
     *
     * @throws IOException if the stream fails; what it yields is judged like a byte array
     */
    public XccosDecodeResult read(InputStream in) throws IOException {
        int max = limits.maxInputBytes();
        byte[] body = in.readNBytes(max == Integer.MAX_VALUE ? max : max + 1);
        if (body.length > max) {
            return new Failed(Kind.LIMIT_EXCEEDED, "body is over the limit of " + max + " bytes");
        }
        return read(body);
    }

    private XccosDecodeResult parse(char[] text, int offset, int length) {
        XMLStreamReader reader = null;
        try {
            reader = factories.get().createXMLStreamReader(new CharArrayReader(text, offset, length));
            return new Decoded(new Parse(reader, limits).envelope());
        } catch (XccosProblem p) {
            return new Failed(p.kind, p.getMessage());
        } catch (XMLStreamException e) {
            return new Failed(Kind.MALFORMED_XML, describe(e));
        } catch (RuntimeException e) {
            // The parser is third-party code: should it fail uncleanly on some broken input, that
            // input is still only malformed, and the caller must still get a result.
            return new Failed(Kind.MALFORMED_XML, "XML parser failed: " + e);
        } finally {
            close(reader);
        }
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException | RuntimeException ignored) {
                // nothing is held that outlives the reader
            }
        }
    }

    private static XMLInputFactory secureFactory() {
        // The JDK's own parser, whatever else is on the class path, so that these settings mean
        // what they say.
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_VALIDATING, false);
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are never fetched: " + Texts.quote(systemId));
        });
        // The JDK's parser resets and reuses its last reader once that one is closed (the factory
        // is per thread, and each parse closes its reader before the next begins): without this,
        // every envelope (one per post, and one per delivery on a client) builds a new reader with
        // its own buffers and symbol table.
        if (f.isPropertySupported(REUSE_INSTANCE)) {
            f.setProperty(REUSE_INSTANCE, Boolean.TRUE);
        }
        return f;
    }

    /** {@code line L, column C: message}, without the parser's own framing. */
    private static String describe(XMLStreamException e) {
        String message = Objects.toString(e.getMessage(), e.getClass().getSimpleName());
        int at = message.indexOf("Message: ");
        if (at >= 0) {
            message = message.substring(at + "Message: ".length());
        }
        Location location = e.getLocation();
        return location == null ? message.strip()
                : "line " + location.getLineNumber() + ", column " + location.getColumnNumber() + ": "
                        + message.strip();
    }

    /** One parse: the element builders over the cursor of {@link XccosCursor}. */
    private static final class Parse extends XccosCursor {

        Parse(XMLStreamReader r, XccosLimits limits) {
            super(r, limits);
        }

        Envelope envelope() throws XMLStreamException, XccosProblem {
            toRoot();
            String ns = r.getNamespaceURI();
            if (!r.getLocalName().equalsIgnoreCase("xccos")) {
                throw new XccosProblem(Kind.NOT_XCCOS, "root element is <" + r.getLocalName() + ">, not <xccos>");
            }
            if (ns != null && !ns.isEmpty() && !ns.equals(Envelope.NAMESPACE)) {
                throw new XccosProblem(Kind.NOT_XCCOS, "root <xccos> is in namespace " + Texts.quote(ns) + ", not "
                        + Envelope.NAMESPACE);
            }
            XccosAttributes a = attrs("xccos");
            Integer ver = a.optInt("ver");
            long envid = a.envid("envid");
            if (ver != null && ver == 0) {
                throw new XccosProblem(Kind.INVALID_VALUE, "<xccos> attribute ver must be positive");
            }
            List<EnvelopeItem> items = new ArrayList<>();
            while (nextChild()) {
                String el = known();
                try {
                    if ("cmd".equals(el)) {
                        items.add(command());
                    } else if ("rpl".equals(el)) {
                        items.add(reply());
                    } else if ("ntc".equals(el)) {
                        items.add(notice());
                    } else if ("grpchat".equals(el)) {
                        items.add(groupChat());
                    } else {
                        skip();
                    }
                } catch (IllegalArgumentException e) {
                    throw invalid(el, e); // a value type's own rule (a range, a representable time)
                }
            }
            while (r.hasNext()) {
                if (r.next() == XMLStreamConstants.DTD) {
                    throw doctype();
                } // else trailing comments, PIs and whitespace; the parser refuses anything else
            }
            return new Envelope(ver == null ? Envelope.VERSION : ver, envid, items);
        }

        // ---- envelope items

        private Command command() throws XMLStreamException, XccosProblem {
            XccosAttributes a = attrs("cmd");
            String name = unprefixed(a.required("id"), CommandNames.CMD_PREFIX);
            long seqid = a.nonNegativeLong("seqid");
            List<DataBlock> data = new ArrayList<>();
            while (nextChild()) {
                if ("data".equals(known())) {
                    data(data);
                } else {
                    skip();
                }
            }
            return new Command(name, seqid, data);
        }

        private Reply reply() throws XMLStreamException, XccosProblem {
            XccosAttributes a = attrs("rpl");
            String name = unprefixed(a.required("id"), CommandNames.RPL_PREFIX);
            long seqid = a.nonNegativeLong("seqid");
            CommandRef commandId = null;
            Resp resp = null;
            List<DataBlock> data = new ArrayList<>();
            while (nextChild()) {
                String el = known();
                if ("commandid".equals(el) && commandId == null) {
                    XccosAttributes c = attrs("commandid");
                    commandId = new CommandRef(c.nonNegativeLong("seqid"), c.envid("envid"));
                    skip();
                } else if ("resp".equals(el) && resp == null) {
                    resp = resp();
                } else if ("data".equals(el)) {
                    data(data);
                } else {
                    skip();
                }
            }
            if (commandId == null) {
                throw new XccosProblem(Kind.INVALID_VALUE, "<rpl> has no <commandid>");
            }
            if (resp == null) {
                throw new XccosProblem(Kind.INVALID_VALUE, "<rpl> has no <resp>");
            }
            return new Reply(name, seqid, commandId, resp, data);
        }

        private Notice notice() throws XMLStreamException, XccosProblem {
            XccosAttributes a = attrs("ntc");
            String name = unprefixed(a.required("id"), NoticeNames.NTC_PREFIX);
            long seqid = a.nonNegativeLong("seqid");
            Resp resp = null;
            List<DataBlock> data = new ArrayList<>();
            while (nextChild()) {
                String el = known();
                if ("resp".equals(el) && resp == null) {
                    resp = resp();
                } else if ("data".equals(el)) {
                    data(data);
                } else {
                    skip();
                }
            }
            // A notice tells, it does not answer: without a resp it is an ordinary, successful one.
            return new Notice(name, seqid, resp == null ? Resp.OK : resp, data);
        }

        private GroupChat groupChat() throws XMLStreamException, XccosProblem {
            GroupChatAttributes a = GroupChatAttributes.of(attrs("grpchat"));
            return a.with(chatChild());
        }

        private Resp resp() throws XMLStreamException, XccosProblem {
            XccosAttributes a = attrs("resp");
            Integer code = a.optInt("code");
            if (code == null) {
                throw new XccosProblem(Kind.INVALID_VALUE, "<resp> lacks attribute code");
            }
            String text = text().strip();
            try {
                return new Resp(code, text);
            } catch (IllegalArgumentException e) {
                throw invalid("resp", e);
            }
        }

        /** The text of the first {@code <chat>} child (other children skipped); empty if none. */
        private String chatChild() throws XMLStreamException, XccosProblem {
            String chat = null;
            while (nextChild()) {
                if ("chat".equals(known()) && chat == null) {
                    chat = text();
                } else {
                    skip();
                }
            }
            return chat == null ? "" : chat;
        }

        // ---- data blocks

        private void data(List<DataBlock> out) throws XMLStreamException, XccosProblem {
            while (nextChild()) {
                DataBlock block = dataBlock();
                if (block != null) {
                    out.add(block);
                }
            }
        }

        /** The block at the current start tag, read to its end tag; null for an unknown one (skipped). */
        private DataBlock dataBlock() throws XMLStreamException, XccosProblem {
            String el = known();
            if (el == null) {
                skip();
                return null;
            }
            try {
                switch (el) {
                    case "chanid": {
                        XccosAttributes a = attrs(el);
                        return leaf(new Chanid(a.get("key"), a.required("domain"), a.required("value")));
                    }
                    case "chanib":
                        return chanib();
                    case "uib":
                        return uib();
                    case "aib":
                        return aib();
                    case "fib": {
                        XccosAttributes a = attrs(el);
                        return leaf(new Fib(a.required("key"), a.get("domain"), a.get("value")));
                    }
                    case "sib": {
                        XccosAttributes a = attrs(el);
                        return leaf(new Sib(a.get("domain"), a.get("infoType"), a.optTime("serverTime"),
                                a.optInt("searchLimit"), a.optInt("messageSizeLimit"), a.optInt("storySizeLimit"),
                                a.get("rootUri"), a.get("dbVersion"), a.get("displayName"),
                                a.get("roomManagementUrl")));
                    }
                    case "qib": {
                        XccosAttributes a = attrs(el);
                        return leaf(new Qib(a.get("qtype"), a.get("criteria"), a.optBool("extended"),
                                a.get("chanUri"), a.get("author"), a.optTime("from"), a.optTime("to"),
                                a.optInt("limit")));
                    }
                    case "bcq":
                        return bcq();
                    case "inv":
                        return inv();
                    case "pref": {
                        XccosAttributes a = attrs(el);
                        return leaf(new Pref(a.required("label"), a.optLong("seqid"), a.optBool("createdefault"),
                                a.get("content")));
                    }
                    case "ftdb": {
                        XccosAttributes a = attrs(el);
                        return leaf(new Ftdb(a.required("channelUri"), a.get("fileUrl")));
                    }
                    case "token": {
                        XccosAttributes a = attrs(el);
                        return leaf(new Token(a.required("token"), a.get("serveruri")));
                    }
                    case "msg":
                        return msg();
                    case "info":
                        return info();
                    case "prop":
                        return prop();
                    case "catib": {
                        XccosAttributes a = attrs(el);
                        return leaf(new Catib(a.required("uri"), a.get("name")));
                    }
                    case "assoc": {
                        XccosAttributes a = attrs(el);
                        return leaf(new Assoc(a.required("type")));
                    }
                    default:
                        skip();
                        return null;
                }
            } catch (IllegalArgumentException | NullPointerException e) {
                throw invalid(el, e);
            }
        }

        /** Reads past the rest of an element whose attributes made the whole block. */
        private <T> T leaf(T block) throws XMLStreamException, XccosProblem {
            skip();
            return block;
        }

        private Chanib chanib() throws XMLStreamException, XccosProblem {
            XccosAttributes a = attrs("chanib");
            String uri = a.required("uri");
            List<Aib> aibs = new ArrayList<>();
            List<Uib> uibs = new ArrayList<>();
            List<Info> infos = new ArrayList<>();
            List<Prop> props = new ArrayList<>();
            List<Msg> msgs = new ArrayList<>();
            List<Gap> gaps = new ArrayList<>();
            while (nextChild()) {
                String el = known();
                if ("aib".equals(el)) {
                    aibs.add(aib());
                } else if ("uib".equals(el)) {
                    uibs.add(uib());
                } else if ("info".equals(el)) {
                    infos.add(info());
                } else if ("prop".equals(el)) {
                    props.add(prop());
                } else if ("msg".equals(el)) {
                    msgs.add(msg());
                } else if ("gap".equals(el)) {
                    gaps.add(gap());
                } else {
                    skip();
                }
            }
            return new Chanib(uri, a.get("name"), a.get("description"), a.get("topic"), a.get("category"),
                    aibs, uibs, infos, props, msgs, gaps);
        }

        private Gap gap() throws XMLStreamException, XccosProblem {
            XccosAttributes a = attrs("gap");
            Long first = a.optLong("first");
            Long last = a.optLong("last");
            if (first == null || last == null || first < 1 || last < first) {
                throw new XccosProblem(Kind.INVALID_VALUE, "<gap> needs 1 <= first <= last, was " + a.get("first") + ".."
                        + a.get("last"));
            }
            skip();
            return new Gap(first, last);
        }

        private Uib uib() throws XMLStreamException, XccosProblem {
            XccosAttributes a = attrs("uib");
            String uri = a.required("uri");
            List<Aib> aibs = new ArrayList<>();
            while (nextChild()) {
                if ("aib".equals(known())) {
                    aibs.add(aib());
                } else {
                    skip();
                }
            }
            return new Uib(a.get("id"), uri, aibs);
        }

        private Aib aib() throws XMLStreamException, XccosProblem {
            XccosAttributes a = attrs("aib");
            return leaf(new Aib(a.required("key"), a.get("domain"), a.get("value")));
        }

        private Info info() throws XMLStreamException, XccosProblem {
            XccosAttributes a = attrs("info");
            return new Info(a.required("id"), text().strip());
        }

        private Prop prop() throws XMLStreamException, XccosProblem {
            XccosAttributes a = attrs("prop");
            return new Prop(a.required("id"), text().strip());
        }

        private Msg msg() throws XMLStreamException, XccosProblem {
            XccosAttributes a = attrs("msg");
            Instant ts = a.requiredTime("ts");
            Long msgid = a.optLong("msgid");
            if (msgid == null) {
                throw new XccosProblem(Kind.INVALID_VALUE, "<msg> lacks attribute msgid");
            }
            boolean alert = Boolean.TRUE.equals(a.optBool("alert"));
            return new Msg(a.get("chanUri"), a.get("author"), ts, msgid, chatChild(), alert, a.get("storyTitle"));
        }

        private Bcq bcq() throws XMLStreamException, XccosProblem {
            Bcq bcq = null;
            while (nextChild()) {
                String el = known();
                if ("last".equals(el) && bcq == null) {
                    XccosAttributes a = attrs("last");
                    bcq = new Bcq.Last(a.nonNegativeInt("cnt"));
                } else if ("before".equals(el) && bcq == null) {
                    XccosAttributes a = attrs("before");
                    bcq = new Bcq.Before(a.nonNegativeLong("msgid"), a.nonNegativeInt("cnt"));
                }
                skip();
            }
            if (bcq == null) {
                throw new XccosProblem(Kind.INVALID_VALUE, "<bcq> has neither <last> nor <before>");
            }
            return bcq;
        }

        private Inv inv() throws XMLStreamException, XccosProblem {
            XccosAttributes a = attrs("inv");
            Instant ts = a.optTime("ts");
            List<Chanib> chanibs = new ArrayList<>();
            while (nextChild()) {
                if ("chanib".equals(known())) {
                    chanibs.add(chanib());
                } else {
                    skip();
                }
            }
            return new Inv(a.get("inviteId"), a.get("domain"), ts, chanibs);
        }
    }
}

package io.pchat.protocol.xccos;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Writes an {@link Envelope} as the body of a SIP INFO: UTF-8, no XML declaration, the XCCOS
 * namespace as the root's default namespace, attributes in the order docs/xccos.md shows them,
 * absent (null) attributes left out, an empty {@code <data/>} where a command, reply or notice
 * has no data.
 *
 * <p>Escaping keeps every string intact through any conforming XML parser: {@code & < >} always,
 * {@code "} and TAB, LF, CR in attributes (as {@code &#9; &#10; &#13;}, which attribute-value
 * normalisation would otherwise turn into spaces), and CR in text as {@code &#13;} (which
 * end-of-line handling would otherwise drop from CR LF). Characters that XML 1.0 cannot carry at
 * all (controls other than TAB, LF, CR; U+FFFE, U+FFFF; unpaired surrogates) are written as
 * U+FFFD, so the output is always well-formed.
 *
 * <p>Hand-written rather than through {@code XMLStreamWriter}: it is on the delivery hot path and
 * the output is a fixed, small vocabulary. Stateless and thread-safe.
 */
public final class XccosWriter {

    static final String GRPCHAT_ID = "grpchat";
    private static final char REPLACEMENT = '\uFFFD';

    /** UTF-8 bytes of the envelope. */
    public byte[] encode(Envelope envelope) {
        return toXml(envelope).getBytes(StandardCharsets.UTF_8);
    }

    /** The envelope as XML text. */
    public String toXml(Envelope envelope) {
        return appendTo(new StringBuilder(256), envelope).toString();
    }

    /** Appends the envelope as XML text to {@code out} and returns {@code out}. */
    public StringBuilder appendTo(StringBuilder out, Envelope envelope) {
        out.append("<xccos ver=\"").append(envelope.ver()).append("\" envid=\"").append(envelope.envidText())
                .append("\" xmlns=\"").append(Envelope.NAMESPACE).append("\">");
        for (EnvelopeItem item : envelope.items()) {
            item(out, item);
        }
        return out.append("</xccos>");
    }

    private static void item(StringBuilder o, EnvelopeItem item) {
        if (item instanceof Command c) {
            o.append("<cmd");
            attr(o, "id", CommandNames.CMD_PREFIX + c.name());
            attr(o, "seqid", c.seqid());
            o.append('>');
            data(o, c.data());
            o.append("</cmd>");
        } else if (item instanceof Reply r) {
            o.append("<rpl");
            attr(o, "id", CommandNames.RPL_PREFIX + r.name());
            attr(o, "seqid", r.seqid());
            o.append("><commandid");
            attr(o, "seqid", r.commandId().seqid());
            attr(o, "envid", Long.toUnsignedString(r.commandId().envid()));
            o.append("/>");
            resp(o, r.resp());
            data(o, r.data());
            o.append("</rpl>");
        } else if (item instanceof Notice n) {
            o.append("<ntc");
            attr(o, "id", NoticeNames.NTC_PREFIX + n.name());
            attr(o, "seqid", n.seqid());
            o.append('>');
            resp(o, n.resp());
            data(o, n.data());
            o.append("</ntc>");
        } else if (item instanceof GroupChat g) {
            groupChat(o, g);
        } else {
            throw new AssertionError("unhandled envelope item " + item.getClass());
        }
    }

    /** Appends one {@code <grpchat>} element; {@link EncodedGroupChat} shares it. */
    static StringBuilder groupChat(StringBuilder o, GroupChat g) {
        o.append("<grpchat");
        attr(o, "id", GRPCHAT_ID);
        attr(o, "seqid", g.seqid());
        chatAttributes(o, g.chanUri(), g.author(), g.ts(), g.msgid(), g.alert(), g.storyTitle());
        chat(o, g.chat());
        return o.append("</grpchat>");
    }

    private static void chatAttributes(StringBuilder o, String chanUri, String author, Instant ts, Long msgid,
            boolean alert, String storyTitle) {
        attr(o, "chanUri", chanUri);
        attr(o, "author", author);
        attr(o, "ts", ts);
        if (msgid != null) {
            attr(o, "msgid", msgid);
        }
        if (alert) {
            attr(o, "alert", "true");
        }
        attr(o, "storyTitle", storyTitle);
        o.append('>');
    }

    private static void chat(StringBuilder o, String text) {
        o.append("<chat>");
        escape(o, text, false);
        o.append("</chat>");
    }

    private static void resp(StringBuilder o, Resp resp) {
        o.append("<resp");
        attr(o, "code", resp.code());
        o.append('>');
        escape(o, resp.text(), false);
        o.append("</resp>");
    }

    private static void data(StringBuilder o, List<DataBlock> data) {
        if (data.isEmpty()) {
            o.append("<data/>");
            return;
        }
        o.append("<data>");
        for (DataBlock block : data) {
            block(o, block);
        }
        o.append("</data>");
    }

    private static void block(StringBuilder o, DataBlock b) {
        if (b instanceof Chanid c) {
            o.append("<chanid");
            attr(o, "key", c.key());
            attr(o, "domain", c.domain());
            attr(o, "value", c.value());
            o.append("/>");
        } else if (b instanceof Chanib c) {
            chanib(o, c);
        } else if (b instanceof Uib u) {
            o.append("<uib");
            attr(o, "id", u.id());
            attr(o, "uri", u.uri());
            children(o, "uib", u.aibs());
        } else if (b instanceof Aib a) {
            o.append("<aib");
            attr(o, "key", a.key());
            attr(o, "domain", a.domain());
            attr(o, "value", a.value());
            o.append("/>");
        } else if (b instanceof Fib f) {
            o.append("<fib");
            attr(o, "key", f.key());
            attr(o, "domain", f.domain());
            attr(o, "value", f.value());
            o.append("/>");
        } else if (b instanceof Sib s) {
            o.append("<sib");
            attr(o, "domain", s.domain());
            attr(o, "infoType", s.infoType());
            attr(o, "serverTime", s.serverTime());
            attr(o, "searchLimit", s.searchLimit());
            attr(o, "messageSizeLimit", s.messageSizeLimit());
            attr(o, "storySizeLimit", s.storySizeLimit());
            attr(o, "rootUri", s.rootUri());
            attr(o, "dbVersion", s.dbVersion());
            attr(o, "displayName", s.displayName());
            attr(o, "roomManagementUrl", s.roomManagementUrl());
            o.append("/>");
        } else if (b instanceof Qib q) {
            o.append("<qib");
            attr(o, "qtype", q.qtype());
            attr(o, "criteria", q.criteria());
            attr(o, "extended", q.extended());
            attr(o, "chanUri", q.chanUri());
            attr(o, "author", q.author());
            attr(o, "from", q.from());
            attr(o, "to", q.to());
            attr(o, "limit", q.limit());
            o.append("/>");
        } else if (b instanceof Bcq.Last l) {
            o.append("<bcq><last");
            attr(o, "cnt", l.cnt());
            o.append("/></bcq>");
        } else if (b instanceof Bcq.Before bf) {
            o.append("<bcq><before");
            attr(o, "msgid", bf.msgid());
            attr(o, "cnt", bf.cnt());
            o.append("/></bcq>");
        } else if (b instanceof Inv i) {
            o.append("<inv");
            attr(o, "inviteId", i.inviteId());
            attr(o, "domain", i.domain());
            attr(o, "ts", i.ts());
            children(o, "inv", i.chanibs());
        } else if (b instanceof Pref p) {
            o.append("<pref");
            attr(o, "label", p.label());
            attr(o, "seqid", p.seqid());
            attr(o, "createdefault", p.createdefault());
            attr(o, "content", p.content());
            o.append("/>");
        } else if (b instanceof Ftdb f) {
            o.append("<ftdb");
            attr(o, "channelUri", f.channelUri());
            attr(o, "fileUrl", f.fileUrl());
            o.append("/>");
        } else if (b instanceof Token t) {
            o.append("<token");
            attr(o, "token", t.token());
            attr(o, "serveruri", t.serveruri());
            o.append("/>");
        } else if (b instanceof Msg m) {
            o.append("<msg");
            attr(o, "id", GRPCHAT_ID);
            chatAttributes(o, m.chanUri(), m.author(), m.ts(), m.msgid(), m.alert(), m.storyTitle());
            chat(o, m.chat());
            o.append("</msg>");
        } else if (b instanceof Info i) {
            o.append("<info");
            attr(o, "id", i.id());
            o.append('>');
            escape(o, i.value(), false);
            o.append("</info>");
        } else if (b instanceof Prop p) {
            o.append("<prop");
            attr(o, "id", p.id());
            o.append('>');
            escape(o, p.value(), false);
            o.append("</prop>");
        } else if (b instanceof Catib c) {
            o.append("<catib");
            attr(o, "uri", c.uri());
            attr(o, "name", c.name());
            o.append("/>");
        } else if (b instanceof Assoc a) {
            o.append("<assoc");
            attr(o, "type", a.type());
            o.append("/>");
        } else {
            throw new AssertionError("unhandled data block " + b.getClass());
        }
    }

    private static void chanib(StringBuilder o, Chanib c) {
        o.append("<chanib");
        attr(o, "uri", c.uri());
        attr(o, "name", c.name());
        attr(o, "description", c.description());
        attr(o, "topic", c.topic());
        attr(o, "category", c.category());
        if (c.aibs().isEmpty() && c.uibs().isEmpty() && c.infos().isEmpty() && c.props().isEmpty()
                && c.msgs().isEmpty() && c.gaps().isEmpty()) {
            o.append("/>");
            return;
        }
        o.append('>');
        for (Aib a : c.aibs()) {
            block(o, a);
        }
        for (Uib u : c.uibs()) {
            block(o, u);
        }
        for (Info i : c.infos()) {
            block(o, i);
        }
        for (Prop p : c.props()) {
            block(o, p);
        }
        for (Msg m : c.msgs()) {
            block(o, m);
        }
        for (Gap g : c.gaps()) {
            o.append("<gap first=\"").append(g.first()).append("\" last=\"").append(g.last()).append("\"/>");
        }
        o.append("</chanib>");
    }

    /** Closes the start tag already begun and writes the children, or makes it an empty element. */
    private static void children(StringBuilder o, String element, List<? extends DataBlock> children) {
        if (children.isEmpty()) {
            o.append("/>");
            return;
        }
        o.append('>');
        for (DataBlock child : children) {
            block(o, child);
        }
        o.append("</").append(element).append('>');
    }

    private static void attr(StringBuilder o, String name, String value) {
        if (value != null) {
            o.append(' ').append(name).append("=\"");
            escape(o, value, true);
            o.append('"');
        }
    }

    private static void attr(StringBuilder o, String name, long value) {
        o.append(' ').append(name).append("=\"").append(value).append('"');
    }

    private static void attr(StringBuilder o, String name, Long value) {
        if (value != null) {
            attr(o, name, value.longValue());
        }
    }

    private static void attr(StringBuilder o, String name, Integer value) {
        if (value != null) {
            attr(o, name, value.longValue());
        }
    }

    private static void attr(StringBuilder o, String name, Boolean value) {
        if (value != null) {
            o.append(' ').append(name).append("=\"").append(value.booleanValue()).append('"');
        }
    }

    private static void attr(StringBuilder o, String name, Instant value) {
        if (value != null) {
            o.append(' ').append(name).append("=\"");
            XccosTime.appendTo(o, value);
            o.append('"');
        }
    }

    /** Appends {@code s} escaped for text ({@code inAttribute} false) or a double-quoted attribute. */
    static void escape(StringBuilder o, String s, boolean inAttribute) {
        int from = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0xD800 && c != '&' && c != '<' && c != '>' && c != '"') {
                continue; // the common case: nothing to do
            }
            String replacement;
            if (c == '&') {
                replacement = "&amp;";
            } else if (c == '<') {
                replacement = "&lt;";
            } else if (c == '>') {
                replacement = "&gt;"; // so that "]]>" can never appear
            } else if (c == '"') {
                replacement = inAttribute ? "&quot;" : null;
            } else if (c == '\r') {
                replacement = "&#13;";
            } else if (c == '\n') {
                replacement = inAttribute ? "&#10;" : null;
            } else if (c == '\t') {
                replacement = inAttribute ? "&#9;" : null;
            } else if (c < 0x20) {
                replacement = String.valueOf(REPLACEMENT);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++; // a well-formed pair: a supplementary character, allowed
                replacement = null;
            } else if (Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
                replacement = String.valueOf(REPLACEMENT);
            } else {
                replacement = null;
            }
            if (replacement != null) {
                o.append(s, from, i).append(replacement);
                from = i + 1;
            }
        }
        o.append(s, from, n);
    }
}

package io.pchat.protocol.xccos;

import io.pchat.protocol.xccos.XccosDecodeResult.Kind;

import java.util.Locale;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The cursor of one parse over a StAX stream: moves from element to element, reads texts and
 * attributes, and counts depth, elements and lengths against {@link XccosLimits}, refusing a
 * DOCTYPE wherever it appears. Element builders ({@link XccosReader}) sit on top of it.
 */
abstract class XccosCursor {

    final XMLStreamReader r;
    final XccosLimits limits;
    private int depth;
    private int elements;

    XccosCursor(XMLStreamReader r, XccosLimits limits) {
        this.r = r;
        this.limits = limits;
    }

    // ---- the cursor

    /** Advances to the root's start tag. */
    void toRoot() throws XMLStreamException, XccosProblem {
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                enter();
                return;
            }
            if (event == XMLStreamConstants.DTD) {
                throw doctype();
            }
        }
        throw new XccosProblem(Kind.MALFORMED_XML, "body has no root element");
    }

    /**
     * Advances to the next child start tag of the current element and returns true, or to the
     * current element's end tag and returns false. Text between children is ignored.
     */
    boolean nextChild() throws XMLStreamException, XccosProblem {
        while (true) {
            int event = r.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT:
                    enter();
                    return true;
                case XMLStreamConstants.END_ELEMENT:
                    depth--;
                    return false;
                case XMLStreamConstants.CHARACTERS:
                case XMLStreamConstants.CDATA:
                case XMLStreamConstants.SPACE:
                    if (r.getTextLength() > limits.maxTextChars()) {
                        throw textTooLong();
                    }
                    break;
                case XMLStreamConstants.DTD:
                    throw doctype();
                case XMLStreamConstants.END_DOCUMENT:
                    throw new XccosProblem(Kind.MALFORMED_XML, "body ends inside an element");
                default:
                    break; // comments, processing instructions
            }
        }
    }

    /** Skips the rest of the current element, its children included (still counted against the limits). */
    void skip() throws XMLStreamException, XccosProblem {
        while (nextChild()) {
            skip(); // recursion is bounded by maxDepth
        }
    }

    /** The text content of the current element, read to its end tag; child elements are skipped. */
    String text() throws XMLStreamException, XccosProblem {
        StringBuilder text = new StringBuilder();
        while (true) {
            int event = r.next();
            switch (event) {
                case XMLStreamConstants.CHARACTERS:
                case XMLStreamConstants.CDATA:
                case XMLStreamConstants.SPACE:
                    if (text.length() + r.getTextLength() > limits.maxTextChars()) {
                        throw textTooLong();
                    }
                    text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                    break;
                case XMLStreamConstants.START_ELEMENT:
                    enter();
                    skip();
                    break;
                case XMLStreamConstants.END_ELEMENT:
                    depth--;
                    return text.toString();
                case XMLStreamConstants.DTD:
                    throw doctype();
                case XMLStreamConstants.END_DOCUMENT:
                    throw new XccosProblem(Kind.MALFORMED_XML, "body ends inside an element");
                default:
                    break;
            }
        }
    }

    void enter() throws XccosProblem {
        depth++;
        elements++;
        if (depth > limits.maxDepth()) {
            throw new XccosProblem(Kind.LIMIT_EXCEEDED, "elements nest deeper than " + limits.maxDepth()
                    + " at <" + r.getLocalName() + ">");
        }
        if (elements > limits.maxElements()) {
            throw new XccosProblem(Kind.LIMIT_EXCEEDED, "body has more than " + limits.maxElements() + " elements");
        }
    }

    /** The current element's name in lower case if it is in the XCCOS namespace or none; else null. */
    String known() {
        String ns = r.getNamespaceURI();
        if (ns != null && !ns.isEmpty() && !ns.equals(Envelope.NAMESPACE)) {
            return null;
        }
        return r.getLocalName().toLowerCase(Locale.ROOT);
    }

    XccosAttributes attrs(String element) throws XccosProblem {
        int count = r.getAttributeCount();
        String[] names = new String[count];
        String[] values = new String[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            String ns = r.getAttributeNamespace(i);
            if (ns != null && !ns.isEmpty() && !ns.equals(Envelope.NAMESPACE)) {
                continue; // xml:lang, xsi:type and the like are not ours
            }
            String value = r.getAttributeValue(i);
            if (value.length() > limits.maxAttributeChars()) {
                throw new XccosProblem(Kind.LIMIT_EXCEEDED, "<" + element + "> attribute "
                        + r.getAttributeLocalName(i) + " is longer than " + limits.maxAttributeChars() + " chars");
            }
            names[n] = r.getAttributeLocalName(i);
            values[n] = value;
            n++;
        }
        return new XccosAttributes(element, names, values, n);
    }

    XccosProblem textTooLong() {
        return new XccosProblem(Kind.LIMIT_EXCEEDED, "text is longer than " + limits.maxTextChars() + " chars");
    }

    static XccosProblem doctype() {
        return new XccosProblem(Kind.DOCTYPE_REFUSED, "DOCTYPE is not allowed: DTDs and entities are refused");
    }

    static XccosProblem invalid(String element, RuntimeException e) {
        return new XccosProblem(Kind.INVALID_VALUE, "<" + element + ">: " + e.getMessage());
    }

    /** The name after a prefix such as {@code cmd:}, which a liberal reader also does without. */
    static String unprefixed(String id, String prefix) {
        String name = id.strip();
        return name.regionMatches(true, 0, prefix, 0, prefix.length()) ? name.substring(prefix.length()) : name;
    }
}

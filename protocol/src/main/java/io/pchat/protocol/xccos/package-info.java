/**
 * XCCOS, the XML that Lync 2013 / Skype for Business Persistent Chat clients and servers exchange
 * in the bodies of SIP INFO requests: the model, {@link io.pchat.protocol.xccos.XccosReader} and
 * {@link io.pchat.protocol.xccos.XccosWriter}.
 *
 * <p>The model is a tree of small immutable records, one per wire element, validated when built.
 * It is a faithful picture of the wire, not of the chat domain: URIs stay strings (with typed
 * views such as {@link io.pchat.protocol.xccos.Chanib#roomUri()}), so an odd value reaches the
 * command handler, which can answer it with a proper result code, instead of failing the whole
 * envelope. Attributes that an element can be sent without are {@code null} when absent; each
 * record's Javadoc names the ones that are required.
 *
 * <p>Decisions the protocol leaves open are recorded in {@code docs/xccos.md}.
 */
package io.pchat.protocol.xccos;

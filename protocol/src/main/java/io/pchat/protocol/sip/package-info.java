/**
 * The SIP layer of the client protocol (docs/sip.md), wire formats only: framing a TCP
 * stream into {@link io.pchat.protocol.sip.SipFrame}s, strict parsing into JAIN-SIP messages,
 * building and encoding responses, and the allocation-light INFO writer for fan-out. Sessions,
 * dialogs and transactions live in the server module.
 */
package io.pchat.protocol.sip;

package io.pchat.server.sip;

import java.nio.charset.StandardCharsets;

/**
 * The body of the node's 200 to a {@code vnd-microsoft-provisioning-v2} SUBSCRIBE: a
 * {@code provisionGroupList} with one {@code persistentChatConfiguration} group that turns
 * persistent chat on and names the pool URI the client INVITEs first.
 *
 * <p>Only that group is sent. SIPE reads {@code ServerConfiguration} when present and would look
 * for conferencing, address book and A/V edge URIs in it that a chat node does not have; it
 * ignores the groups it was not sent.
 */
final class ProvisioningDocument {

    static final String EVENT = "vnd-microsoft-provisioning-v2";
    static final String CONTENT_SUBTYPE = "vnd-microsoft-roaming-provisioning-v2+xml";
    static final String NAMESPACE = "http://schemas.microsoft.com/2006/09/sip/provisiongrouplist";

    private ProvisioningDocument() {
    }

    /** The document for a pool reached at {@code poolUri} ({@code sip:user@host}), UTF-8. */
    static byte[] persistentChat(String poolUri) {
        String xml = "<provisionGroupList xmlns=\"" + NAMESPACE + "\">"
                + "<provisionGroup name=\"persistentChatConfiguration\"><propertyEntryList>"
                + "<property name=\"EnablePersistentChat\">true</property>"
                + "<property name=\"DefaultPersistentChatPoolUri\">" + escape(poolUri) + "</property>"
                + "</propertyEntryList></provisionGroup></provisionGroupList>";
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

package io.pchat.protocol.xccos;

import static io.pchat.protocol.xccos.Wire.ROOM;
import static io.pchat.protocol.xccos.Wire.WRITER;
import static io.pchat.protocol.xccos.Wire.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class XccosWriterTest {

    private static final Instant TS = Instant.parse("2026-11-26T09:00:01Z");

    @Test
    void writes_no_declaration_and_the_namespace_as_default_on_the_root() {
        assertThat(WRITER.toXml(Envelope.of(17)))
                .isEqualTo("<xccos ver=\"1\" envid=\"17\" xmlns=\"urn:parlano:xml:ns:xccos\"></xccos>");
    }

    @Test
    void writes_a_reply_in_the_shape_of_the_protocol() {
        Reply reply = Reply.to(Command.of("requri", 1), 17, 1, Resp.OK, List.of(Uib.of("sip:node1@example.com")));
        assertThat(WRITER.toXml(Envelope.of(900, reply))).isEqualTo(
                "<xccos ver=\"1\" envid=\"900\" xmlns=\"urn:parlano:xml:ns:xccos\">"
                + "<rpl id=\"rpl:requri\" seqid=\"1\"><commandid seqid=\"1\" envid=\"17\"/>"
                + "<resp code=\"200\">SUCCESS_OK</resp><data><uib uri=\"sip:node1@example.com\"/></data></rpl></xccos>");
    }

    @Test
    void writes_empty_data_as_an_empty_element() {
        assertThat(WRITER.toXml(Envelope.of(1, Command.of("requri", 1))))
                .contains("<cmd id=\"cmd:requri\" seqid=\"1\"><data/></cmd>");
    }

    @Test
    void answers_the_file_token_commands_as_getftok_and_getserverinfo_under_its_own_name() {
        Reply up = Reply.to(Command.of("getfutok", 1), 1, 1, Resp.OK, List.of());
        Reply down = Reply.to(Command.of("getfdtok", 2), 1, 2, Resp.OK, List.of());
        Reply info = Reply.to(Command.of("getserverinfo", 3), 1, 3, Resp.OK, List.of());
        assertThat(WRITER.toXml(Envelope.of(1, up, down, info)))
                .contains("<rpl id=\"rpl:getftok\" seqid=\"1\">", "<rpl id=\"rpl:getftok\" seqid=\"2\">",
                        "<rpl id=\"rpl:getserverinfo\" seqid=\"3\">");
    }

    @Test
    void writes_a_chat_message_with_the_node_time_in_seven_digits() {
        GroupChat delivery = new GroupChat(3, ROOM, "sip:alice@example.com", Instant.parse("2026-11-26T09:00:01.1234567Z"),
                41L, "hi", false, null);
        assertThat(WRITER.toXml(Envelope.of(1, delivery))).contains("<grpchat id=\"grpchat\" seqid=\"3\" chanUri=\""
                + ROOM + "\" author=\"sip:alice@example.com\" ts=\"2026-11-26T09:00:01.1234567Z\" msgid=\"41\">"
                + "<chat>hi</chat></grpchat>");
    }

    @Test
    void writes_alert_only_when_set_and_story_title_only_when_present() {
        String plain = WRITER.toXml(Envelope.of(1, GroupChat.post(1, ROOM, null, TS, "x")));
        assertThat(plain).doesNotContain("alert").doesNotContain("storyTitle").doesNotContain("author");
        String story = WRITER.toXml(Envelope.of(1, new GroupChat(1, ROOM, null, TS, null, "x", true, "T")));
        assertThat(story).contains(" alert=\"true\" storyTitle=\"T\">");
    }

    @Test
    void escapes_markup_in_text_and_attributes() {
        GroupChat chat = new GroupChat(1, ROOM, "a\"b", TS, null, "<a href=\"x\">&</a> ]]>", false, "t<&>\"'");
        String xml = WRITER.toXml(Envelope.of(1, chat));
        assertThat(xml).contains("author=\"a&quot;b\"")
                .contains("storyTitle=\"t&lt;&amp;&gt;&quot;'\"")
                .contains("<chat>&lt;a href=\"x\"&gt;&amp;&lt;/a&gt; ]]&gt;</chat>");
    }

    @Test
    void keeps_cr_in_text_as_a_character_reference_and_lf_as_is() {
        String xml = WRITER.toXml(Envelope.of(1, GroupChat.post(1, ROOM, null, TS, "a\r\nb\tc")));
        assertThat(xml).contains("<chat>a&#13;\nb\tc</chat>");
    }

    @Test
    void escapes_tab_cr_and_lf_in_attributes() {
        String xml = WRITER.toXml(Envelope.of(1, Command.of("chansrch", 1, Qib.byName("a\tb\rc\nd", false))));
        assertThat(xml).contains("criteria=\"a&#9;b&#13;c&#10;d\"");
    }

    @Test
    void replaces_characters_xml_cannot_carry_with_the_replacement_character() {
        String bad = "nul\u0000 bell\u0007 esc\u001B lone-high\uD800 lone-low\uDC00 fffe\uFFFE ffff\uFFFF";
        GroupChat chat = new GroupChat(1, ROOM, bad, TS, null, bad, false, null);
        String xml = WRITER.toXml(Envelope.of(1, chat));
        String expected = "nul\uFFFD bell\uFFFD esc\uFFFD lone-high\uFFFD lone-low\uFFFD fffe\uFFFD ffff\uFFFD";
        assertThat(xml).contains("<chat>" + expected + "</chat>").contains("author=\"" + expected + "\"");
        GroupChat back = (GroupChat) roundTrip(Envelope.of(1, chat)).items().get(0);
        assertThat(back.chat()).isEqualTo(expected);
        assertThat(back.author()).isEqualTo(expected);
    }

    @Test
    void keeps_well_formed_surrogate_pairs_and_encodes_utf8() {
        String xml = WRITER.toXml(Envelope.of(1, GroupChat.post(1, ROOM, null, TS, "🎉")));
        assertThat(xml).contains("<chat>🎉</chat>");
        byte[] bytes = WRITER.encode(Envelope.of(1, GroupChat.post(1, ROOM, null, TS, "é🎉")));
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("<chat>é🎉</chat>");
        assertThat(bytes).contains(new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x8E, (byte) 0x89});
    }

    @Test
    void a_surrogate_pair_split_by_a_control_is_two_lone_surrogates() {
        String xml = WRITER.toXml(Envelope.of(1, GroupChat.post(1, ROOM, null, TS, "\uD83C\u0001\uDF89")));
        assertThat(xml).contains("<chat>\uFFFD\uFFFD\uFFFD</chat>");
    }

    @Test
    void appends_to_a_caller_buffer() {
        StringBuilder out = new StringBuilder("prefix:");
        assertThat(WRITER.appendTo(out, Envelope.of(2))).isSameAs(out);
        assertThat(out.toString()).startsWith("prefix:<xccos ver=\"1\" envid=\"2\"");
    }
}

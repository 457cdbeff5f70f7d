package io.pchat.protocol.xccos;

import static io.pchat.protocol.xccos.Wire.onlyItem;
import static io.pchat.protocol.xccos.Wire.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every XML example of docs/xccos.md, copied as written there with its {@code ..}
 * and {@code <placeholders>} filled with realistic values, is read with the values it shows.
 */
class ProtocolExamplesTest {

    private static final String ROOM_ID = "0b4c6a4e-2d1f-4c55-9a3e-7f1e2a9b8c01";
    private static final String ROOM = "ma-chan://example.com/" + ROOM_ID;
    private static final String CAT_ID = "4f8e1c2a-77d0-4b1e-8d59-2c3b4a5d6e7f";
    private static final String CATEGORY = "ma-cat://example.com/" + CAT_ID;

    /** The envelope of section 2 around a client's items. */
    private static String xccos(String items) {
        return "<xccos ver=\"1\" envid=\"17\" xmlns=\"urn:parlano:xml:ns:xccos\">" + items + "</xccos>";
    }

    /** A client command of section 2 with the request data of section 5. */
    private static Command command(String name, String data) {
        return (Command) onlyItem(xccos("<cmd id=\"cmd:" + name + "\" seqid=\"1\"><data>" + data + "</data></cmd>"));
    }

    /** A node reply of section 2 with the reply data of section 5. */
    private static Reply reply(String name, String data) {
        Reply reply = (Reply) onlyItem(xccos("<rpl id=\"rpl:" + name + "\" seqid=\"1\"><commandid seqid=\"1\" envid=\"17\"/>"
                + "<resp code=\"200\">SUCCESS_OK</resp><data>" + data + "</data></rpl>"));
        assertThat(reply.commandId()).isEqualTo(new CommandRef(1, 17));
        assertThat(reply.resp()).isEqualTo(Resp.OK);
        return reply;
    }

    private static Notice notice(String name, String data) {
        return (Notice) onlyItem(xccos("<ntc id=\"ntc:" + name + "\" seqid=\"1\"><resp code=\"200\">SUCCESS_OK</resp>"
                + "<data>" + data + "</data></ntc>"));
    }

    @Nested
    class Section_2_the_envelope {

        @Test
        void the_envelope() {
            Envelope e = read("<xccos ver=\"1\" envid=\"17\" xmlns=\"urn:parlano:xml:ns:xccos\"> "
                    + "<cmd id=\"cmd:requri\" seqid=\"1\"><data></data></cmd> </xccos>");
            assertThat(e).isEqualTo(Envelope.of(17, Command.of("requri", 1)));
        }

        @Test
        void a_command() {
            assertThat(onlyItem(xccos("<cmd id=\"cmd:part\" seqid=\"1\"><data><chanib uri=\"" + ROOM + "\"/></data></cmd>")))
                    .isEqualTo(Command.of("part", 1, Chanib.of(ROOM)));
        }

        @Test
        void a_reply() {
            EnvelopeItem item = onlyItem(xccos("<rpl id=\"rpl:part\" seqid=\"1\"><commandid seqid=\"5\" envid=\"40\"/>"
                    + "<resp code=\"200\">SUCCESS_OK</resp><data><chanib uri=\"" + ROOM + "\"/></data></rpl>"));
            assertThat(item).isEqualTo(new Reply("part", 1, new CommandRef(5, 40), Resp.OK, List.of(Chanib.of(ROOM))));
        }

        @Test
        void a_reply_with_empty_data() {
            EnvelopeItem item = onlyItem(xccos("<rpl id=\"rpl:setpref\" seqid=\"1\"><commandid seqid=\"5\" envid=\"40\"/>"
                    + "<resp code=\"409\">DATA_COLLISION</resp><data/></rpl>"));
            assertThat(item).isEqualTo(new Reply("setpref", 1, new CommandRef(5, 40), ResultCode.DATA_COLLISION.resp(),
                    List.of()));
        }

        @Test
        void several_replies_and_notices_in_one_envelope() {
            Envelope e = read(xccos("<rpl id=\"rpl:join\" seqid=\"1\"><commandid seqid=\"2\" envid=\"17\"/>"
                    + "<resp code=\"200\">SUCCESS_OK</resp><data/></rpl>"
                    + "<ntc id=\"ntc:join\" seqid=\"2\"><resp code=\"200\">SUCCESS_OK</resp><data/></ntc>"));
            assertThat(e.items()).hasSize(2).first().isInstanceOf(Reply.class);
            assertThat(e.items().get(1)).isInstanceOf(Notice.class);
        }

        @Test
        void every_result_code_text_is_read() {
            for (ResultCode code : ResultCode.values()) {
                Reply r = (Reply) onlyItem(xccos("<rpl id=\"rpl:join\" seqid=\"1\"><commandid seqid=\"1\" envid=\"17\"/>"
                        + "<resp code=\"" + code.code() + "\">" + code.text() + "</resp><data/></rpl>"));
                assertThat(r.resp().resultCode()).contains(code);
            }
        }
    }

    @Nested
    class Section_3_identifiers {

        @Test
        void a_room_given_split_in_chanid() {
            Command cmd = command("join", "<chanid key=\"0\" domain=\"example.com\" value=\"" + ROOM_ID + "\"/>");
            Chanid chanid = (Chanid) cmd.data().get(0);
            assertThat(chanid).isEqualTo(new Chanid("0", "example.com", ROOM_ID));
            assertThat(chanid.roomUri()).contains(RoomUri.parse(ROOM).orElseThrow());
        }

        @Test
        void times_with_any_fraction_or_none() {
            for (String ts : List.of("2026-11-26T09:00:01.1234567Z", "2026-11-26T09:00:01Z", "2026-11-26T09:00:01.5Z")) {
                GroupChat chat = (GroupChat) onlyItem(xccos("<grpchat id=\"grpchat\" seqid=\"1\" chanUri=\"" + ROOM
                        + "\" author=\"sip:alice@example.com\" ts=\"" + ts + "\"><chat>text</chat></grpchat>"));
                assertThat(chat.ts()).isEqualTo(Instant.parse(ts));
            }
        }
    }

    @Nested
    class Section_4_chat_messages {

        @Test
        void a_post() {
            GroupChat chat = (GroupChat) onlyItem(xccos("<grpchat id=\"grpchat\" seqid=\"1\" chanUri=\"ma-chan://example.com/"
                    + ROOM_ID + "\" author=\"sip:alice@example.com\" ts=\"2026-11-26T09:00:01Z\"><chat>text</chat></grpchat>"));
            assertThat(chat).isEqualTo(GroupChat.post(1, ROOM, "sip:alice@example.com",
                    Instant.parse("2026-11-26T09:00:01Z"), "text"));
            assertThat(chat.msgid()).isNull();
        }

        @Test
        void an_alert_and_a_story() {
            GroupChat alert = (GroupChat) onlyItem(xccos("<grpchat id=\"grpchat\" seqid=\"1\" chanUri=\"" + ROOM
                    + "\" author=\"sip:alice@example.com\" ts=\"2026-11-26T09:00:01Z\" alert=\"true\"><chat>fire</chat></grpchat>"));
            assertThat(alert.alert()).isTrue();
            GroupChat story = (GroupChat) onlyItem(xccos("<grpchat id=\"grpchat\" seqid=\"1\" chanUri=\"" + ROOM
                    + "\" author=\"sip:alice@example.com\" ts=\"2026-11-26T09:00:01Z\" storyTitle=\"Q4 plan\"><chat>long"
                    + "</chat></grpchat>"));
            assertThat(story.storyTitle()).isEqualTo("Q4 plan");
            assertThat(story.alert()).isFalse();
        }

        @Test
        void a_delivery_with_the_node_values() {
            GroupChat chat = (GroupChat) onlyItem(xccos("<grpchat id=\"grpchat\" seqid=\"3\" chanUri=\"" + ROOM
                    + "\" author=\"sip:alice@example.com\" ts=\"2026-11-26T09:00:01.1234567Z\" msgid=\"41\">"
                    + "<chat>text</chat></grpchat>"));
            assertThat(chat.msgid()).isEqualTo(41L);
            assertThat(chat.ts()).isEqualTo(Instant.parse("2026-11-26T09:00:01.1234567Z"));
        }
    }

    @Nested
    class Section_5_commands {

        @Test
        void requri() {
            assertThat(command("requri", "").data()).isEmpty();
            assertThat(reply("requri", "<uib uri=\"sip:pchat-node1@example.com\"/>").data())
                    .containsExactly(Uib.of("sip:pchat-node1@example.com"));
        }

        @Test
        void getserverinfo() {
            assertThat(command("getserverinfo", "<sib domain=\"example.com\" infoType=\"123\"/>").data())
                    .containsExactly(Sib.request("example.com", "123"));
            Reply r = reply("getserverinfo", "<sib infoType=\"123\" serverTime=\"2026-11-26T09:00:01.1234567Z\" "
                    + "searchLimit=\"999\" messageSizeLimit=\"512\" storySizeLimit=\"4096\" rootUri=\"ma-cat://example.com/"
                    + CAT_ID + "\" dbVersion=\"3f2a9c1e-0d4b-4a6f-8e7d-1b2c3d4e5f60\" displayName=\"Example Chat\" "
                    + "roomManagementUrl=\"https://chat.example.com/manage\"/>");
            assertThat(r.data()).containsExactly(new Sib(null, "123", Instant.parse("2026-11-26T09:00:01.1234567Z"), 999,
                    512, 4096, CATEGORY, "3f2a9c1e-0d4b-4a6f-8e7d-1b2c3d4e5f60", "Example Chat",
                    "https://chat.example.com/manage"));
        }

        @Test
        void getserverinfo_answered_as_getservinfo() {
            assertThat(reply("getservinfo", "<sib infoType=\"123\"/>").is(CommandNames.GETSERVERINFO)).isTrue();
        }

        @Test
        void getassociations() {
            assertThat(command("getassociations", "<assoc type=\"member\"/>").data()).containsExactly(new Assoc("member"));
            assertThat(command("getassociations", "<assoc type=\"manager\"/>").data()).containsExactly(new Assoc("manager"));
            assertThat(reply("getassociations", SUMMARY_FORM).data()).containsExactly(SUMMARY);
        }

        @Test
        void bjoin() {
            Command cmd = command("bjoin", "<chanid key=\"0\" domain=\"example.com\" value=\"" + ROOM_ID + "\"/>"
                    + "<chanid key=\"1\" domain=\"example.com\" value=\"9d8c7b6a-0000-4000-8000-000000000002\"/>");
            assertThat(cmd.data()).containsExactly(new Chanid("0", "example.com", ROOM_ID),
                    new Chanid("1", "example.com", "9d8c7b6a-0000-4000-8000-000000000002"));
            Reply r = reply("bjoin", PARTICIPANTS + JOIN_FORM
                    + "<fib key=\"OPERATION_FAILED\" domain=\"example.com\" value=\"9d8c7b6a-0000-4000-8000-000000000002\"/>");
            assertThat(r.data()).containsExactly(Uib.indexed("0", "sip:alice@example.com"),
                    Uib.indexed("1", "sip:bob@example.com"), Uib.indexed("2", "sip:carol@example.com"), JOIN,
                    new Fib("OPERATION_FAILED", "example.com", "9d8c7b6a-0000-4000-8000-000000000002"));
        }

        @Test
        void join() {
            assertThat(command("join", "<chanid key=\"0\" domain=\"example.com\" value=\"" + ROOM_ID + "\"/>").data())
                    .containsExactly(new Chanid("0", "example.com", ROOM_ID));
            assertThat(reply("join", PARTICIPANTS + JOIN_FORM).data()).contains(JOIN);
            Reply refused = (Reply) onlyItem(xccos("<rpl id=\"rpl:join\" seqid=\"1\"><commandid seqid=\"1\" envid=\"17\"/>"
                    + "<resp code=\"404\">NO_SUCH_NODE</resp><data/></rpl>"));
            assertThat(refused.resp().resultCode()).contains(ResultCode.NO_SUCH_NODE);
        }

        @Test
        void part() {
            assertThat(command("part", "<chanib uri=\"" + ROOM + "\"/>").data()).containsExactly(Chanib.of(ROOM));
            assertThat(reply("part", "<chanib uri=\"" + ROOM + "\"/>").data()).containsExactly(Chanib.of(ROOM));
        }

        @Test
        void bccontext() {
            assertThat(command("bccontext", "<chanib uri=\"" + ROOM + "\"/><bcq><last cnt=\"25\"/></bcq>").data())
                    .containsExactly(Chanib.of(ROOM), new Bcq.Last(25));
            assertThat(command("bccontext", "<chanib uri=\"" + ROOM + "\"/><bcq><before msgid=\"120\" cnt=\"25\"/></bcq>")
                    .data()).containsExactly(Chanib.of(ROOM), new Bcq.Before(120, 25));
            Reply r = reply("bccontext", "<chanib uri=\"" + ROOM + "\"><msg id=\"grpchat\" chanUri=\"" + ROOM
                    + "\" author=\"sip:alice@example.com\" ts=\"2026-11-26T09:00:01.1234567Z\" msgid=\"40\"><chat>first</chat>"
                    + "</msg><msg id=\"grpchat\" chanUri=\"" + ROOM + "\" author=\"sip:bob@example.com\" "
                    + "ts=\"2026-11-26T09:00:02.0000000Z\" msgid=\"41\"><chat>second</chat></msg></chanib>");
            assertThat(r.data()).containsExactly(Chanib.history(ROOM, List.of(
                    Msg.of(ROOM, "sip:alice@example.com", Instant.parse("2026-11-26T09:00:01.1234567Z"), 40, "first"),
                    Msg.of(ROOM, "sip:bob@example.com", Instant.parse("2026-11-26T09:00:02Z"), 41, "second"))));
        }

        @Test
        void chansrch() {
            assertThat(command("chansrch", "<qib qtype=\"BYNAME\" criteria=\"text\" extended=\"false\"/>").data())
                    .containsExactly(Qib.byName("text", false));
            assertThat(command("chansrch", "<qib qtype=\"BYNAME\" criteria=\"\" extended=\"true\"/>").data())
                    .containsExactly(Qib.byName("", true));
            assertThat(reply("chansrch", SUMMARY_FORM + SUMMARY_FORM).data()).containsExactly(SUMMARY, SUMMARY);
        }

        @Test
        void chatsrch() {
            assertThat(command("chatsrch", "<qib chanUri=\"" + ROOM + "\" criteria=\"text\" author=\"sip:alice@example.com\" "
                    + "from=\"2026-11-01T00:00:00Z\" to=\"2026-11-26T23:59:59.9999999Z\" limit=\"50\"/>").data())
                    .containsExactly(Qib.chatSearch(ROOM, "text", "sip:alice@example.com",
                            Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-26T23:59:59.9999999Z"), 50));
            Reply r = reply("chatsrch", "<chanib uri=\"" + ROOM + "\"><msg id=\"grpchat\" chanUri=\"" + ROOM
                    + "\" author=\"sip:alice@example.com\" ts=\"2026-11-26T09:00:01Z\" msgid=\"7\"><chat>some text</chat></msg>"
                    + "</chanib>");
            assertThat(((Chanib) r.data().get(0)).msgs()).extracting(Msg::msgid).containsExactly(7L);
        }

        @Test
        void getinv() {
            assertThat(command("getinv", "<inv inviteId=\"0\" domain=\"example.com\"/>").data())
                    .containsExactly(Inv.request("0", "example.com"));
            Reply r = reply("getinv", "<inv inviteId=\"12\" ts=\"2026-11-26T09:00:01Z\">" + SUMMARY_FORM + "</inv>");
            assertThat(r.data()).containsExactly(Inv.invitation("12", Instant.parse("2026-11-26T09:00:01Z"), SUMMARY));
        }

        @Test
        void getpref() {
            assertThat(command("getpref", "<pref label=\"recentrooms\" seqid=\"3\" createdefault=\"true\"/>").data())
                    .containsExactly(new Pref("recentrooms", 3L, true, null));
            assertThat(reply("getpref", "<pref label=\"recentrooms\" seqid=\"4\" content=\"PHJvb21zLz4=\"/>").data())
                    .containsExactly(new Pref("recentrooms", 4L, null, "PHJvb21zLz4="));
            assertThat(reply("getpref", "").data()).isEmpty();
        }

        @Test
        void setpref() {
            Pref pref = (Pref) command("setpref", "<pref label=\"recentrooms\" seqid=\"4\" createdefault=\"false\" "
                    + "content=\"PHJvb21zLz4=\"/>").data().get(0);
            assertThat(pref).isEqualTo(new Pref("recentrooms", 4L, false, "PHJvb21zLz4="));
            assertThat(pref.decodedContent()).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("<rooms/>"));
            assertThat(reply("setpref", "<pref label=\"recentrooms\" seqid=\"5\"/>").data())
                    .containsExactly(new Pref("recentrooms", 5L, null, null));
        }

        @Test
        void nodespermcreatechild() {
            assertThat(command("nodespermcreatechild", "").data()).isEmpty();
            assertThat(reply("nodespermcreatechild", "<catib uri=\"" + CATEGORY + "\" name=\"General\"/>").data())
                    .containsExactly(new Catib(CATEGORY, "General"));
        }

        @Test
        void getfutok_and_getfdtok() {
            for (String name : List.of("getfutok", "getfdtok")) {
                Command cmd = command(name, "<ftdb channelUri=\"" + ROOM + "\" fileUrl=\"report.pdf\"/>");
                assertThat(cmd.data()).containsExactly(new Ftdb(ROOM, "report.pdf"));
                assertThat(cmd.replyName()).isEqualTo("getftok");
            }
            assertThat(reply("getftok", "<token token=\"6f1c9a2e-5b7d-4e3f-9a8b-0c1d2e3f4a5b\" "
                    + "serveruri=\"https://node1.example.com/files\"/>").data())
                    .containsExactly(new Token("6f1c9a2e-5b7d-4e3f-9a8b-0c1d2e3f4a5b", "https://node1.example.com/files"));
        }

        @Test
        void anything_else() {
            Command cmd = command("frobnicate", "<whatever/>");
            assertThat(cmd.data()).isEmpty();
            assertThat(CommandNames.isKnownCommand(cmd.name())).isFalse();
            Reply r = (Reply) onlyItem(xccos("<rpl id=\"rpl:frobnicate\" seqid=\"1\"><commandid seqid=\"1\" envid=\"17\"/>"
                    + "<resp code=\"501\">MSG_NOT_SUPPORTED</resp><data/></rpl>"));
            assertThat(r.resp().resultCode()).contains(ResultCode.MSG_NOT_SUPPORTED);
        }
    }

    @Nested
    class Section_5_room_forms_and_notices {

        @Test
        void the_join_form() {
            Reply r = reply("join", PARTICIPANTS + JOIN_FORM);
            Chanib room = (Chanib) r.data().get(3);
            assertThat(room).isEqualTo(JOIN);
            assertThat(room.aibs().get(0).values()).containsExactly("0", "1");
            assertThat(room.aibs().get(1).values()).containsExactly("2");
        }

        @Test
        void the_summary_form() {
            Chanib room = (Chanib) reply("chansrch", SUMMARY_FORM).data().get(0);
            assertThat(room).isEqualTo(SUMMARY);
            assertThat(room.info(Info.VISIBILITY)).contains("scope");
            assertThat(room.prop(Prop.FILEPOST)).contains("false");
        }

        @Test
        void ntc_join_and_bjoin() {
            String data = "<uib uri=\"sip:dave@example.com\"><aib key=\"3984\" domain=\"example.com\" value=\"" + ROOM_ID
                    + "\"/></uib>";
            Uib joiner = Uib.joined("sip:dave@example.com", RoomUri.parse(ROOM).orElseThrow());
            assertThat(notice("join", data)).isEqualTo(Notice.of(NoticeNames.JOIN, 1, joiner));
            assertThat(notice("bjoin", data)).isEqualTo(Notice.of(NoticeNames.BJOIN, 1, joiner));
        }

        @Test
        void ntc_part() {
            assertThat(notice("part", "<chanib uri=\"" + ROOM + "\"><uib uri=\"sip:dave@example.com\"/></chanib>"))
                    .isEqualTo(Notice.of(NoticeNames.PART, 1, Chanib.parted(ROOM, List.of(Uib.of("sip:dave@example.com")))));
        }

        @Test
        void ntc_roomchanged_and_ntc_inv() {
            assertThat(notice("roomchanged", SUMMARY_FORM)).isEqualTo(Notice.of(NoticeNames.ROOMCHANGED, 1, SUMMARY));
            assertThat(notice("inv", "<inv inviteId=\"13\" ts=\"2026-11-26T09:00:01Z\">" + SUMMARY_FORM + "</inv>"))
                    .isEqualTo(Notice.of(NoticeNames.INV, 1,
                            Inv.invitation("13", Instant.parse("2026-11-26T09:00:01Z"), SUMMARY)));
        }
    }

    private static final String PARTICIPANTS = "<uib id=\"0\" uri=\"sip:alice@example.com\"/>"
            + "<uib id=\"1\" uri=\"sip:bob@example.com\"/><uib id=\"2\" uri=\"sip:carol@example.com\"/>";

    private static final String JOIN_FORM = "<chanib uri=\"" + ROOM + "\" name=\"Traders\" description=\"FX desk\" "
            + "topic=\"Rates today\"><aib key=\"3984\" value=\"0,1\"/><aib key=\"12276\" value=\"2\"/></chanib>";

    private static final Chanib JOIN = Chanib.joinForm(ROOM, "Traders", "FX desk", "Rates today",
            List.of(new Aib("3984", null, "0,1"), new Aib("12276", null, "2")));

    private static final String SUMMARY_FORM = "<chanib uri=\"" + ROOM + "\" name=\"Traders\" description=\"FX desk\" "
            + "category=\"" + CATEGORY + "\"><info id=\"urn:parlano:ma:info:ucnt\">5</info>"
            + "<info id=\"urn:parlano:ma:info:visibilty\">scope</info>"
            + "<prop id=\"urn:parlano:ma:prop:filepost\">false</prop><prop id=\"urn:parlano:ma:prop:invite\">true</prop>"
            + "<prop id=\"urn:parlano:ma:prop:logged\">true</prop></chanib>";

    private static final Chanib SUMMARY = Chanib.summaryForm(ROOM, "Traders", "FX desk", CATEGORY,
            List.of(new Info(Info.UCNT, "5"), new Info(Info.VISIBILITY, "scope")),
            List.of(new Prop(Prop.FILEPOST, "false"), new Prop(Prop.INVITE, "true"), new Prop(Prop.LOGGED, "true")));
}

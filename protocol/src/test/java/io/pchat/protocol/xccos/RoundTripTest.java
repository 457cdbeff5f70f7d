package io.pchat.protocol.xccos;

import static io.pchat.protocol.xccos.Wire.CATEGORY;
import static io.pchat.protocol.xccos.Wire.ROOM;
import static io.pchat.protocol.xccos.Wire.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Everything the model can hold is written and read back equal. */
class RoundTripTest {

    private static final Instant TS = Instant.parse("2026-11-26T09:00:01.1234567Z");

    static Stream<Arguments> everyElement() {
        Chanib summary = Chanib.summaryForm(ROOM, "Traders", "FX desk", CATEGORY,
                List.of(Info.userCount(5), Info.visibility(Info.VISIBILITY_SCOPE)),
                List.of(Prop.of(Prop.FILEPOST, false), Prop.of(Prop.INVITE, true), Prop.of(Prop.LOGGED, true)));
        Chanib join = Chanib.joinForm(ROOM, "Traders", "FX desk", "Today: rates",
                List.of(new Aib(Aib.KEY_PARTICIPANTS, null, "0,1"), new Aib(Aib.KEY_MANAGERS, null, "2")));
        Msg msg = Msg.of(ROOM, "sip:alice@example.com", TS, 41, "hello");
        Msg story = new Msg(ROOM, "sip:bob@example.com", TS.plusSeconds(1), 42, "line 1\r\nline 2", true, "Q4 plan");
        return Stream.of(
                item("cmd with empty data", Command.of("requri", 1)),
                item("cmd of unknown name", Command.of("frobnicate", 99)),
                item("rpl", Reply.to(Command.of("requri", 4), 17, 1, Resp.OK, List.of(Uib.of("sip:node1@example.com")))),
                item("rpl with empty data and error", new Reply("frobnicate", 2, new CommandRef(99, 17),
                        ResultCode.MSG_NOT_SUPPORTED.resp(), List.of())),
                item("ntc", Notice.of("join", 5, Uib.joined("sip:dave@example.com", RoomUri.of("example.com", "r1")))),
                item("grpchat post", GroupChat.post(1, ROOM, "sip:alice@example.com", TS, "text")),
                item("grpchat post without author", GroupChat.post(1, ROOM, null, TS, "text")),
                item("grpchat delivery", new GroupChat(7, ROOM, "sip:alice@example.com", TS, 41L, "text", false, null)),
                item("grpchat alert story", new GroupChat(8, ROOM, "sip:a@example.com", TS, 42L, "body", true, "Title")),
                block("chanid", new Chanid("0", "example.com", "r1")),
                block("chanid without key", new Chanid(null, "example.com", "r1")),
                block("chanib reference", Chanib.of(ROOM)),
                block("chanib join form", join),
                block("chanib summary form", summary),
                block("chanib part form", Chanib.parted(ROOM, List.of(Uib.of("sip:dave@example.com")))),
                block("chanib history form", Chanib.history(ROOM, List.of(msg, story))),
                block("chanib history form with gaps", Chanib.history(ROOM, List.of(msg), List.of(new Gap(12, 1011),
                        new Gap(2000, 2000)))),
                block("chanib with every child", new Chanib(ROOM, "n", "d", "t", CATEGORY, join.aibs(),
                        List.of(Uib.indexed("0", "sip:a@example.com")), summary.infos(), summary.props(), List.of(msg),
                        List.of(new Gap(3, 4)))),
                block("uib", Uib.indexed("0", "sip:alice@example.com")),
                block("uib with aib", Uib.joined("sip:dave@example.com", RoomUri.of("example.com", "r1"))),
                block("aib", new Aib("3984", "example.com", "r1")),
                block("fib", Fib.operationFailed(RoomUri.of("example.com", "r2"))),
                block("sib request", Sib.request("example.com", "123")),
                block("sib reply", new Sib(null, "123", TS, 999, 512, 4096, CATEGORY, "db-7", "pchat", "https://chat.example.com/manage")),
                block("qib chansrch", Qib.byName("trad", true)),
                block("qib chatsrch", Qib.chatSearch(ROOM, "rates", "sip:alice@example.com", TS, TS.plusSeconds(60), 50)),
                block("bcq last", new Bcq.Last(25)),
                block("bcq before", new Bcq.Before(120, 25)),
                block("inv request", Inv.request("0", "example.com")),
                block("inv invitation", Inv.invitation("12", TS, summary)),
                block("pref request", new Pref("recent", 3L, true, null)),
                block("pref reply", Pref.withContent("recent", 4, null, new byte[] {1, 2, 3, (byte) 0xFF})),
                block("ftdb", new Ftdb(ROOM, "report.pdf")),
                block("token", new Token("6f1c9a2e-5b7d-4e3f-9a8b-0c1d2e3f4a5b", "https://node1.example.com/files")),
                block("msg", msg),
                block("msg story", story),
                block("info", new Info(Info.UCNT, "5")),
                block("prop", new Prop(Prop.LOGGED, "true")),
                block("catib", new Catib(CATEGORY, "General")),
                block("assoc", new Assoc(Assoc.MANAGER)));
    }

    private static Arguments item(String name, EnvelopeItem item) {
        return Arguments.of(name, Envelope.of(17, item));
    }

    private static Arguments block(String name, DataBlock block) {
        return Arguments.of(name, Envelope.of(17, Command.of("any", 1, block)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyElement")
    void every_element_round_trips(String name, Envelope envelope) {
        assertThat(roundTrip(envelope)).isEqualTo(envelope);
    }

    @Test
    void an_envelope_of_everything_at_once_round_trips() {
        List<EnvelopeItem> items = everyElement().map(a -> (Envelope) a.get()[1])
                .flatMap(e -> e.items().stream()).toList();
        Envelope all = new Envelope(1, 123456789, items);
        assertThat(roundTrip(all)).isEqualTo(all);
    }

    @Test
    void the_extreme_envids_round_trip() {
        for (long envid : new long[] {0, 1, Long.MAX_VALUE, Long.MIN_VALUE, -1}) {
            Envelope e = Envelope.of(envid, Reply.to(Command.of("requri", 1), envid, 1, Resp.OK, List.of()));
            assertThat(roundTrip(e)).isEqualTo(e);
        }
    }

    @Test
    void cr_lf_in_chat_text_survives() {
        GroupChat chat = GroupChat.post(1, ROOM, null, TS, "a\r\nb");
        GroupChat back = (GroupChat) roundTrip(Envelope.of(1, chat)).items().get(0);
        assertThat(back.chat()).isEqualTo("a\r\nb");
    }

    @Test
    void every_line_ending_and_whitespace_survives_in_text_and_attributes() {
        String tricky = "\r\n\n\r\r\n \t  lead & trail  \t\r";
        GroupChat chat = new GroupChat(1, ROOM, tricky, TS, null, tricky, false, tricky);
        assertThat(roundTrip(Envelope.of(1, chat)).items()).containsExactly(chat);
    }

    @Test
    void markup_characters_and_quotes_survive() {
        String markup = "<b>&amp; \"quoted\" 'single' ]]> </chat>";
        Envelope e = Envelope.of(1, Command.of("chansrch", 1, Qib.byName(markup, false)),
                GroupChat.post(2, ROOM, "sip:a@example.com", TS, markup));
        assertThat(roundTrip(e)).isEqualTo(e);
    }

    @Test
    void all_of_unicode_survives() {
        String text = "Grüße, Привет, 你好, مرحبا, 🎉👩‍💻, \uFFFD, \uE000";
        Envelope e = Envelope.of(1, GroupChat.post(1, ROOM, "sip:jürgen@example.com", TS, text));
        assertThat(roundTrip(e)).isEqualTo(e);
    }
}

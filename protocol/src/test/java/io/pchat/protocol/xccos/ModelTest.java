package io.pchat.protocol.xccos;

import static io.pchat.protocol.xccos.Wire.ROOM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The invariants the records keep, whoever builds them. */
class ModelTest {

    private static final Instant TS = Instant.parse("2026-11-26T09:00:01Z");

    @Test
    void names_are_stored_bare_and_in_lower_case() {
        assertThat(Command.of("GetServerInfo", 1).name()).isEqualTo("getserverinfo");
        assertThat(new Reply("GETSERVINFO", 1, new CommandRef(1, 1), Resp.OK, List.of()).name()).isEqualTo("getserverinfo");
        assertThat(Notice.of("Join", 1).name()).isEqualTo("join");
    }

    @Test
    void names_with_prefix_or_blanks_are_refused() {
        assertThatThrownBy(() -> Command.of("cmd:join", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Command.of("", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Command.of("jo in", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Notice.of(null, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_reply_correlates_with_its_command_by_seqid_and_envid() {
        Command cmd = Command.of("getfdtok", 33, new Ftdb(ROOM, "a.txt"));
        Reply reply = Reply.to(cmd, -2L, 7, Resp.OK, List.of(new Token("t", null)));
        assertThat(reply.name()).isEqualTo("getftok");
        assertThat(reply.commandId()).isEqualTo(new CommandRef(33, -2L));
        assertThat(reply.seqid()).isEqualTo(7);
    }

    @Test
    void sequence_ids_and_message_ids_are_never_negative() {
        assertThatThrownBy(() -> Command.of("requri", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CommandRef(-1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GroupChat(1, ROOM, null, TS, -1L, "", false, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Bcq.Last(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Sib(null, null, null, -1, null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_envelope_id_is_unsigned_64_bit() {
        assertThat(Envelope.of(-1).envidText()).isEqualTo("18446744073709551615");
        assertThat(Envelope.parseEnvid("18446744073709551615")).isEqualTo(-1L);
        assertThatThrownBy(() -> Envelope.parseEnvid("18446744073709551616")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Envelope.parseEnvid("+1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Envelope(0, 1, List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lists_are_copied_so_a_record_cannot_change_after_it_is_built() {
        List<DataBlock> data = new ArrayList<>(List.of(Chanib.of(ROOM)));
        Command cmd = new Command("part", 1, data);
        data.clear();
        assertThat(cmd.data()).hasSize(1);
        assertThatThrownBy(() -> cmd.data().add(Chanib.of(ROOM))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void required_attributes_are_required() {
        assertThatThrownBy(() -> Chanib.of((String) null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Uib.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Chanid("0", "example.com", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Aib(null, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GroupChat.post(1, "", null, TS, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GroupChat.post(1, ROOM, null, null, "x")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Pref(null, null, null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void times_are_cut_to_the_100ns_the_wire_carries() {
        GroupChat chat = GroupChat.post(1, ROOM, null, Instant.parse("2026-11-26T09:00:01.123456789Z"), "x");
        assertThat(chat.ts()).isEqualTo(Instant.parse("2026-11-26T09:00:01.1234567Z"));
        assertThatThrownBy(() -> GroupChat.post(1, ROOM, null, Instant.parse("+10000-01-01T00:00:00Z"), "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_delivery_replaces_what_the_client_claimed() {
        GroupChat post = new GroupChat(1, ROOM, "sip:mallory@example.com", TS, null, "hi", true, "T");
        GroupChat delivered = post.delivered(9, "sip:alice@example.com", TS.plusSeconds(1), 41);
        assertThat(delivered).isEqualTo(new GroupChat(9, ROOM, "sip:alice@example.com", TS.plusSeconds(1), 41L, "hi",
                true, "T"));
        assertThat(delivered.toMsg()).isEqualTo(new Msg(ROOM, "sip:alice@example.com", TS.plusSeconds(1), 41, "hi",
                true, "T"));
        assertThatThrownBy(post::toMsg).isInstanceOf(IllegalStateException.class);
        assertThat(post.roomUri()).contains(RoomUri.parse(ROOM).orElseThrow());
    }

    @Test
    void room_forms_answer_their_infos_props_and_aibs() {
        Chanib summary = Chanib.summaryForm(ROOM, "n", null, null, List.of(Info.userCount(5)),
                List.of(Prop.of(Prop.LOGGED, true)));
        assertThat(summary.info("URN:PARLANO:MA:INFO:UCNT")).contains("5");
        assertThat(summary.prop(Prop.LOGGED)).contains("true");
        assertThat(summary.prop(Prop.INVITE)).isEmpty();
        assertThat(summary.props().get(0).isTrue()).isTrue();
        assertThat(new Aib(Aib.KEY_PARTICIPANTS, null, " 0, 1,,2 ").values()).containsExactly("0", "1", "2");
        assertThat(Aib.members(Aib.KEY_MANAGERS, List.of("2", "3")).value()).isEqualTo("2,3");
    }

    @Test
    void preference_content_is_base64() {
        Pref pref = Pref.withContent("L", 1, null, new byte[] {0, 1, 2});
        assertThat(pref.content()).isEqualTo("AAEC");
        assertThat(pref.decodedContent()).hasValueSatisfying(b -> assertThat(b).containsExactly(0, 1, 2));
        assertThat(new Pref("L", null, null, "not base64!").decodedContent()).isEmpty();
    }

    @Test
    void limits_must_be_positive() {
        assertThatThrownBy(() -> new XccosLimits(0, 1, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}

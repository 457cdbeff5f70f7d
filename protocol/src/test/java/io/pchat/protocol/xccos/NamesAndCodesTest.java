package io.pchat.protocol.xccos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;

class NamesAndCodesTest {

    @Test
    void result_codes_carry_the_codes_and_texts_of_the_protocol() {
        assertThat(ResultCode.SUCCESS_OK.resp()).isEqualTo(new Resp(200, "SUCCESS_OK"));
        assertThat(ResultCode.INVALID_ARGUMENT.resp()).isEqualTo(new Resp(400, "INVALID_ARGUMENT"));
        assertThat(ResultCode.ERROR_PERMISSION.resp()).isEqualTo(new Resp(403, "ERROR_PERMISSION"));
        assertThat(ResultCode.NO_SUCH_NODE.resp()).isEqualTo(new Resp(404, "NO_SUCH_NODE"));
        assertThat(ResultCode.DUPLICATE_ROOM_NAME.resp()).isEqualTo(new Resp(409, "DUPLICATE_ROOM_NAME"));
        assertThat(ResultCode.DATA_COLLISION.resp()).isEqualTo(new Resp(409, "DATA_COLLISION"));
        assertThat(ResultCode.NODE_DISABLED.resp()).isEqualTo(new Resp(410, "NODE_DISABLED"));
        assertThat(ResultCode.USER_NOT_JOINED.resp()).isEqualTo(new Resp(412, "USER_NOT_JOINED"));
        assertThat(ResultCode.LIMIT_EXCEEDED.resp()).isEqualTo(new Resp(413, "LIMIT_EXCEEDED"));
        assertThat(ResultCode.SERVER_ERROR.resp()).isEqualTo(new Resp(500, "SERVER_ERROR"));
        assertThat(ResultCode.MSG_NOT_SUPPORTED.resp()).isEqualTo(new Resp(501, "MSG_NOT_SUPPORTED"));
        assertThat(ResultCode.DATABASE_CONNECTION.resp()).isEqualTo(new Resp(503, "DATABASE_CONNECTION"));
        assertThat(ResultCode.values()).hasSize(12);
    }

    @Test
    void a_resp_maps_back_to_its_code_using_the_text_only_where_409_needs_it() {
        assertThat(new Resp(409, "data_collision").resultCode()).contains(ResultCode.DATA_COLLISION);
        assertThat(new Resp(409, "SOMETHING").resultCode()).isEmpty();
        assertThat(new Resp(404, "whatever").resultCode()).contains(ResultCode.NO_SUCH_NODE);
        assertThat(new Resp(299, "OK").resultCode()).isEmpty();
        assertThat(Resp.OK.isSuccess()).isTrue();
    }

    @Test
    void each_command_is_answered_under_its_own_name_except_the_file_token_commands() {
        assertThat(CommandNames.replyName("getserverinfo")).isEqualTo("getserverinfo");
        assertThat(CommandNames.replyName("JOIN")).isEqualTo("join");
        assertThat(CommandNames.replyName("getfutok")).isEqualTo("getftok");
        assertThat(CommandNames.replyName("getFDtok")).isEqualTo("getftok");
        assertThat(CommandNames.replyName("frobnicate")).isEqualTo("frobnicate");
    }

    @Test
    void getservinfo_is_read_as_getserverinfo() {
        assertThat(CommandNames.canonicalReplyName("getservinfo")).isEqualTo("getserverinfo");
        assertThat(CommandNames.canonicalReplyName("GetServerInfo")).isEqualTo("getserverinfo");
    }

    @Test
    void the_commands_of_section_5_are_known_in_any_case() {
        for (String name : new String[] {"requri", "getserverinfo", "getassociations", "bjoin", "join", "part",
            "bccontext", "chansrch", "chatsrch", "getinv", "getpref", "setpref", "nodespermcreatechild",
            "getfutok", "getfdtok"}) {
            assertThat(CommandNames.isKnownCommand(name)).as(name).isTrue();
            assertThat(CommandNames.isKnownCommand(name.toUpperCase(Locale.ROOT))).as(name).isTrue();
        }
        assertThat(CommandNames.isKnownCommand("getftok")).isFalse();
        assertThat(CommandNames.isKnownCommand("frobnicate")).isFalse();
    }

    @Test
    void wire_constants_are_spelled_as_the_product_spells_them() {
        assertThat(Aib.KEY_PARTICIPANTS).isEqualTo("3984");
        assertThat(Aib.KEY_MANAGERS).isEqualTo("12276");
        assertThat(Info.UCNT).isEqualTo("urn:parlano:ma:info:ucnt");
        assertThat(Info.VISIBILITY).isEqualTo("urn:parlano:ma:info:visibilty");
        assertThat(Prop.FILEPOST).isEqualTo("urn:parlano:ma:prop:filepost");
        assertThat(Prop.INVITE).isEqualTo("urn:parlano:ma:prop:invite");
        assertThat(Prop.LOGGED).isEqualTo("urn:parlano:ma:prop:logged");
        assertThat(Envelope.NAMESPACE).isEqualTo("urn:parlano:xml:ns:xccos");
        assertThat(Fib.KEY_OPERATION_FAILED).isEqualTo("OPERATION_FAILED");
    }
}

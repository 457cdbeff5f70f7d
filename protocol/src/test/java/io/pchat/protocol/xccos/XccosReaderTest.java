package io.pchat.protocol.xccos;

import static io.pchat.protocol.xccos.Wire.READER;
import static io.pchat.protocol.xccos.Wire.ROOM;
import static io.pchat.protocol.xccos.Wire.envelope;
import static io.pchat.protocol.xccos.Wire.failure;
import static io.pchat.protocol.xccos.Wire.onlyItem;
import static io.pchat.protocol.xccos.Wire.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.pchat.protocol.xccos.XccosDecodeResult.Decoded;
import io.pchat.protocol.xccos.XccosDecodeResult.Failed;
import io.pchat.protocol.xccos.XccosDecodeResult.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XccosReaderTest {

    @Nested
    class Liberal_in_what_it_accepts {

        @Test
        void unknown_attributes_are_ignored() {
            Envelope e = read("<xccos ver=\"1\" envid=\"17\" flavour=\"x\" xmlns=\"urn:parlano:xml:ns:xccos\">"
                    + "<cmd id=\"cmd:part\" seqid=\"3\" priority=\"high\"><data><chanib uri=\"" + ROOM
                    + "\" colour=\"blue\"/></data></cmd></xccos>");
            assertThat(e.items()).containsExactly(Command.of("part", 3, Chanib.of(ROOM)));
        }

        @Test
        void unknown_elements_are_skipped_with_their_whole_subtree() {
            Envelope e = read(envelope("<unknown><cmd id=\"cmd:requri\" seqid=\"9\"/></unknown>"
                    + "<cmd id=\"cmd:part\" seqid=\"3\"><extra><chanib uri=\"ma-chan://x/y\"/></extra>"
                    + "<data><future a=\"1\"><deeper/></future><chanib uri=\"" + ROOM + "\"><unknown/></chanib></data>"
                    + "</cmd><trailer/>"));
            assertThat(e.items()).containsExactly(Command.of("part", 3, Chanib.of(ROOM)));
        }

        @Test
        void elements_of_other_namespaces_are_unknown_even_with_known_names() {
            Envelope e = read(envelope("<cmd xmlns=\"urn:other\" id=\"cmd:requri\" seqid=\"1\"/>"
                    + "<o:cmd xmlns:o=\"urn:other\" id=\"cmd:requri\" seqid=\"2\"/>"
                    + "<cmd id=\"cmd:requri\" seqid=\"3\"/>"));
            assertThat(e.items()).containsExactly(Command.of("requri", 3));
        }

        @Test
        void attribute_order_is_free() {
            EnvelopeItem item = onlyItem("<xccos xmlns=\"urn:parlano:xml:ns:xccos\" envid=\"17\" ver=\"1\">"
                    + "<grpchat ts=\"2026-11-26T09:00:01Z\" author=\"sip:alice@example.com\" chanUri=\"" + ROOM
                    + "\" seqid=\"1\" id=\"grpchat\"><chat>text</chat></grpchat></xccos>");
            assertThat(item).isEqualTo(GroupChat.post(1, ROOM, "sip:alice@example.com",
                    Instant.parse("2026-11-26T09:00:01Z"), "text"));
        }

        @Test
        void names_prefixes_and_command_ids_are_case_insensitive() {
            Envelope e = read("<XCCOS VER=\"1\" EnvId=\"17\" xmlns=\"urn:parlano:xml:ns:xccos\">"
                    + "<CMD ID=\"CMD:GetServerInfo\" SEQID=\"4\"><DATA><SIB DOMAIN=\"example.com\" INFOTYPE=\"123\"/>"
                    + "</DATA></CMD></XCCOS>");
            Command cmd = (Command) e.items().get(0);
            assertThat(cmd.name()).isEqualTo(CommandNames.GETSERVERINFO);
            assertThat(cmd.is("GETSERVERINFO")).isTrue();
            assertThat(cmd.data()).containsExactly(Sib.request("example.com", "123"));
        }

        @Test
        void rpl_getservinfo_is_read_as_the_getserverinfo_reply() {
            Reply reply = (Reply) onlyItem(envelope("<rpl id=\"rpl:getservinfo\" seqid=\"1\">"
                    + "<commandid seqid=\"4\" envid=\"17\"/><resp code=\"200\">SUCCESS_OK</resp><data/></rpl>"));
            assertThat(reply.name()).isEqualTo("getserverinfo");
            assertThat(reply.is("getservinfo")).isTrue();
            assertThat(reply.is(CommandNames.GETSERVERINFO)).isTrue();
        }

        @Test
        void a_root_without_namespace_is_accepted() {
            assertThat(read("<xccos ver=\"1\" envid=\"5\"><cmd id=\"cmd:requri\" seqid=\"1\"/></xccos>").items())
                    .containsExactly(Command.of("requri", 1));
        }

        @Test
        void a_prefixed_root_in_the_xccos_namespace_is_accepted() {
            assertThat(read("<x:xccos xmlns:x=\"urn:parlano:xml:ns:xccos\" ver=\"1\" envid=\"5\">"
                    + "<x:cmd id=\"cmd:requri\" seqid=\"1\"/></x:xccos>").items()).containsExactly(Command.of("requri", 1));
        }

        @Test
        void an_xml_declaration_a_byte_order_mark_comments_and_whitespace_are_accepted() {
            byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
            byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<!-- hi -->\n"
                    + envelope("\n  <cmd id=\"cmd:requri\" seqid=\"1\"> <!-- c --> <data/> </cmd>\n") + "\n<!-- bye -->\n")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] body = new byte[bom.length + xml.length];
            System.arraycopy(bom, 0, body, 0, 3);
            System.arraycopy(xml, 0, body, 3, xml.length);
            assertThat(read(body).items()).containsExactly(Command.of("requri", 1));
        }

        @Test
        void a_missing_version_means_1_and_an_empty_envelope_is_valid() {
            Envelope e = read("<xccos envid=\"5\" xmlns=\"urn:parlano:xml:ns:xccos\"/>");
            assertThat(e).isEqualTo(new Envelope(1, 5, List.of()));
        }

        @Test
        void an_id_without_prefix_and_numbers_with_whitespace_are_accepted() {
            assertThat(onlyItem(envelope("<cmd id=\"requri\" seqid=\" 7 \"/>"))).isEqualTo(Command.of("requri", 7));
        }

        @Test
        void several_items_are_kept_in_order() {
            Envelope e = read(envelope("<cmd id=\"cmd:requri\" seqid=\"1\"/><cmd id=\"cmd:getinv\" seqid=\"2\"/>"
                    + "<cmd id=\"cmd:requri\" seqid=\"3\"/>"));
            assertThat(e.items()).extracting(EnvelopeItem::seqid).containsExactly(1L, 2L, 3L);
        }

        @Test
        void a_notice_without_resp_is_a_successful_one() {
            assertThat(onlyItem(envelope("<ntc id=\"ntc:part\" seqid=\"1\"><data/></ntc>")))
                    .isEqualTo(new Notice("part", 1, Resp.OK, List.of()));
        }

        @Test
        void cdata_and_character_references_in_chat_are_text() {
            GroupChat chat = (GroupChat) onlyItem(envelope("<grpchat id=\"grpchat\" seqid=\"1\" chanUri=\"" + ROOM
                    + "\" ts=\"2026-11-26T09:00:01Z\"><chat>a &lt;b&gt; <![CDATA[<i>&amp;</i>]]>&#x1F600;&#13;</chat></grpchat>"));
            assertThat(chat.chat()).isEqualTo("a <b> <i>&amp;</i>\uD83D\uDE00\r");
        }

        @Test
        void reads_from_an_offset_and_from_a_stream() throws IOException {
            byte[] xml = envelope("<cmd id=\"cmd:requri\" seqid=\"1\"/>").getBytes(StandardCharsets.UTF_8);
            byte[] framed = new byte[xml.length + 10];
            System.arraycopy(xml, 0, framed, 5, xml.length);
            assertThat(READER.read(framed, 5, xml.length)).isInstanceOf(Decoded.class);
            assertThat(READER.read(new ByteArrayInputStream(xml))).isInstanceOf(Decoded.class);
        }
    }

    @Nested
    class Gaps {
        static final String REPLY = "<xccos ver=\"1\" envid=\"5\" xmlns=\"urn:parlano:xml:ns:xccos\"><rpl id=\"rpl:bccontext\""
                + " seqid=\"1\"><commandid seqid=\"1\" envid=\"4\"/><resp code=\"200\"/><data><chanib"
                + " uri=\"ma-chan://example.com/r1\">%s</chanib></data></rpl></xccos>";

        @Test
        void a_history_reply_carries_its_gaps() {
            Envelope e = read(REPLY.formatted("<gap first=\"12\" last=\"1011\"/>"));
            Chanib room = (Chanib) ((Reply) e.items().get(0)).data().get(0);
            assertThat(room.gaps()).containsExactly(new Gap(12, 1011));
        }

        @ParameterizedTest
        @ValueSource(strings = {"<gap first=\"0\" last=\"3\"/>", "<gap first=\"5\" last=\"4\"/>", "<gap last=\"4\"/>",
            "<gap first=\"1\"/>", "<gap first=\"x\" last=\"4\"/>"})
        void a_gap_that_is_not_1_to_first_to_last_is_refused(String gap) {
            Failed f = failure(REPLY.formatted(gap));
            assertThat(f.kind()).isEqualTo(Kind.INVALID_VALUE);
            assertThat(f.problem()).contains("gap");
        }
    }

    @Nested
    class Envid {

        @Test
        void the_largest_unsigned_64_bit_envid_round_trips() {
            Envelope e = read("<xccos ver=\"1\" envid=\"18446744073709551615\" xmlns=\"urn:parlano:xml:ns:xccos\"/>");
            assertThat(e.envid()).isEqualTo(-1L);
            assertThat(e.envidText()).isEqualTo("18446744073709551615");
            assertThat(Wire.WRITER.toXml(e)).contains("envid=\"18446744073709551615\"");
            assertThat(Wire.roundTrip(e)).isEqualTo(e);
        }

        @Test
        void leading_zeros_up_to_twenty_digits_are_accepted() {
            assertThat(read("<xccos envid=\"00000000000000000017\"/>").envid()).isEqualTo(17);
        }

        @ParameterizedTest
        @ValueSource(strings = {"18446744073709551616", "000000000000000000017", "99999999999999999999", "-1",
            "+1", "1e3", "0x11", "", "17.0", "１７"})
        void anything_else_is_refused(String envid) {
            Failed f = failure("<xccos ver=\"1\" envid=\"" + envid + "\" xmlns=\"urn:parlano:xml:ns:xccos\"/>");
            assertThat(f.kind()).isEqualTo(Kind.INVALID_VALUE);
            assertThat(f.problem()).contains("envid");
        }

        @Test
        void a_missing_envid_is_refused() {
            assertThat(failure("<xccos ver=\"1\"/>").problem()).contains("lacks attribute envid");
        }

        @Test
        void the_commandid_envid_is_unsigned_64_bit_too() {
            Reply reply = (Reply) onlyItem(envelope("<rpl id=\"rpl:requri\" seqid=\"1\">"
                    + "<commandid seqid=\"1\" envid=\"18446744073709551615\"/><resp code=\"200\">SUCCESS_OK</resp></rpl>"));
            assertThat(reply.commandId()).isEqualTo(new CommandRef(1, -1L));
            assertThat(failure(envelope("<rpl id=\"rpl:requri\" seqid=\"1\"><commandid seqid=\"1\" "
                    + "envid=\"18446744073709551616\"/><resp code=\"200\">SUCCESS_OK</resp></rpl>")).problem())
                    .contains("<commandid> attribute envid");
        }
    }

    @Nested
    class Refuses_what_is_not_an_envelope {

        @Test
        void empty_input() {
            assertThat(Wire.failure(READER, new byte[0])).isEqualTo(new Failed(Kind.MALFORMED_XML, "body is empty"));
            assertThat(failure("   ").kind()).isEqualTo(Kind.MALFORMED_XML);
        }

        @Test
        void unclosed_tags() {
            Failed f = failure("<xccos ver=\"1\" envid=\"1\"><cmd id=\"cmd:requri\" seqid=\"1\">");
            assertThat(f.kind()).isEqualTo(Kind.MALFORMED_XML);
            assertThat(f.problem()).startsWith("line 1, column");
        }

        @Test
        void mismatched_tags() {
            assertThat(failure("<xccos ver=\"1\" envid=\"1\"><cmd id=\"cmd:requri\" seqid=\"1\"></rpl></xccos>").kind()).isEqualTo(Kind.MALFORMED_XML);
        }

        @Test
        void text_garbage() {
            assertThat(failure("hello, world").kind()).isEqualTo(Kind.MALFORMED_XML);
            assertThat(failure("{\"xccos\": 1}").kind()).isEqualTo(Kind.MALFORMED_XML);
            assertThat(failure(envelope("") + "trailing").kind()).isEqualTo(Kind.MALFORMED_XML);
            assertThat(failure(envelope("") + envelope("")).kind()).isEqualTo(Kind.MALFORMED_XML);
        }

        @Test
        void a_wrong_root() {
            Failed f = failure("<html><body/></html>");
            assertThat(f).isEqualTo(new Failed(Kind.NOT_XCCOS, "root element is <html>, not <xccos>"));
        }

        @Test
        void a_root_in_another_namespace() {
            Failed f = failure("<xccos ver=\"1\" envid=\"1\" xmlns=\"urn:example:not-xccos\"/>");
            assertThat(f.kind()).isEqualTo(Kind.NOT_XCCOS);
            assertThat(f.problem()).contains("urn:example:not-xccos");
        }

        @Test
        void an_undeclared_entity() {
            assertThat(failure(envelope("<cmd id=\"cmd:requri\" seqid=\"1\">&nbsp;</cmd>")).kind())
                    .isEqualTo(Kind.MALFORMED_XML);
        }

        @Test
        void a_character_xml_forbids() {
            assertThat(failure(envelope("<grpchat id=\"grpchat\" seqid=\"1\" chanUri=\"" + ROOM
                    + "\" ts=\"2026-11-26T09:00:01Z\"><chat>bell \u0007</chat></grpchat>")).kind())
                    .isEqualTo(Kind.MALFORMED_XML);
            assertThat(failure(envelope("<grpchat id=\"grpchat\" seqid=\"1\" chanUri=\"" + ROOM
                    + "\" ts=\"2026-11-26T09:00:01Z\"><chat>&#1;</chat></grpchat>")).kind())
                    .isEqualTo(Kind.MALFORMED_XML);
        }

        @Test
        void bytes_that_are_not_utf8() {
            byte[] latin1 = envelope("<cmd id=\"cmd:requri\" seqid=\"1\"><data><chanib uri=\"caf\u00e9\"/></data></cmd>")
                    .getBytes(StandardCharsets.ISO_8859_1);
            Failed f = Wire.failure(READER, latin1);
            assertThat(f.kind()).isEqualTo(Kind.NOT_UTF8);
            assertThat(f.problem()).contains("byte " + (new String(latin1, StandardCharsets.ISO_8859_1).indexOf('\u00e9')));
        }

        @Test
        void overlong_truncated_and_surrogate_utf8_sequences() {
            for (byte[] bad : List.of(new byte[] {(byte) 0xC0, (byte) 0xBC}, new byte[] {(byte) 0xE2, (byte) 0x82},
                    new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xFF})) {
                byte[] head = "<xccos envid=\"1\"><!--".getBytes(StandardCharsets.US_ASCII);
                byte[] tail = "--></xccos>".getBytes(StandardCharsets.US_ASCII);
                byte[] body = new byte[head.length + bad.length + tail.length];
                System.arraycopy(head, 0, body, 0, head.length);
                System.arraycopy(bad, 0, body, head.length, bad.length);
                System.arraycopy(tail, 0, body, head.length + bad.length, tail.length);
                assertThat(Wire.failure(READER, body).kind()).isEqualTo(Kind.NOT_UTF8);
            }
        }

        @Test
        void a_command_without_id_or_seqid() {
            assertThat(failure(envelope("<cmd seqid=\"1\"/>")).problem()).isEqualTo("<cmd> lacks attribute id");
            assertThat(failure(envelope("<cmd id=\"cmd:requri\"/>")).problem()).isEqualTo("<cmd> lacks attribute seqid");
            assertThat(failure(envelope("<cmd id=\"cmd:\" seqid=\"1\"/>")).problem()).contains("<cmd>");
            assertThat(failure(envelope("<cmd id=\"rpl:requri\" seqid=\"1\"/>")).problem()).contains("<cmd>");
        }

        @Test
        void a_reply_without_commandid_or_resp() {
            assertThat(failure(envelope("<rpl id=\"rpl:requri\" seqid=\"1\"><resp code=\"200\">SUCCESS_OK</resp></rpl>"))
                    .problem()).isEqualTo("<rpl> has no <commandid>");
            assertThat(failure(envelope("<rpl id=\"rpl:requri\" seqid=\"1\"><commandid seqid=\"1\" envid=\"1\"/></rpl>"))
                    .problem()).isEqualTo("<rpl> has no <resp>");
        }

        @Test
        void a_post_without_ts_as_real_servers_refuse_it() {
            Failed f = failure(envelope("<grpchat id=\"grpchat\" seqid=\"1\" chanUri=\"" + ROOM + "\"><chat>x</chat></grpchat>"));
            assertThat(f).isEqualTo(new Failed(Kind.INVALID_VALUE, "<grpchat> lacks attribute ts"));
        }

        @Test
        void values_of_the_wrong_syntax_are_named_with_the_value() {
            assertThat(failure(envelope("<cmd id=\"cmd:bccontext\" seqid=\"1\"><data><bcq><last cnt=\"many\"/></bcq>"
                    + "</data></cmd>")).problem()).isEqualTo("<last> attribute cnt is 'many', expected a number from 0 to "
                    + Integer.MAX_VALUE);
            assertThat(failure(envelope("<grpchat seqid=\"1\" chanUri=\"x\" ts=\"yesterday\"/>")).problem())
                    .contains("<grpchat> attribute ts is 'yesterday'");
            assertThat(failure(envelope("<cmd id=\"cmd:chansrch\" seqid=\"1\"><data><qib extended=\"perhaps\"/></data></cmd>"))
                    .problem()).contains("<qib> attribute extended is 'perhaps', expected true or false");
            assertThat(failure(envelope("<cmd id=\"cmd:requri\" seqid=\"-1\"/>")).problem()).contains("seqid");
            assertThat(failure(envelope("<cmd id=\"cmd:requri\" seqid=\"9223372036854775808\"/>")).problem())
                    .contains("seqid");
            assertThat(failure(envelope("<rpl id=\"rpl:x\" seqid=\"1\"><commandid seqid=\"1\" envid=\"1\"/>"
                    + "<resp code=\"42\">?</resp></rpl>")).problem()).contains("<resp>").contains("three digits");
        }

        @Test
        void a_bcq_that_asks_for_nothing() {
            assertThat(failure(envelope("<cmd id=\"cmd:bccontext\" seqid=\"1\"><data><bcq/></data></cmd>")).problem())
                    .isEqualTo("<bcq> has neither <last> nor <before>");
        }

        @Test
        void failure_messages_quote_wire_values_short_and_printable() {
            String longValue = "x".repeat(500) + "\u0009";
            String problem = failure(envelope("<cmd id=\"cmd:requri\" seqid=\"" + longValue + "\"/>")).problem();
            assertThat(problem).hasSizeLessThan(150).contains("...");
        }
    }

    @Nested
    class Security {

        @Test
        void an_external_entity_is_refused_and_the_file_never_read(@TempDir Path dir) throws IOException {
            Path secret = dir.resolve("secret.txt");
            Files.writeString(secret, "TOP-SECRET-CONTENT");
            for (String target : List.of(secret.toUri().toString(), "file:///etc/passwd")) {
                String xxe = "<?xml version=\"1.0\"?><!DOCTYPE xccos [<!ENTITY xxe SYSTEM \"" + target + "\">]>"
                        + envelope("<grpchat id=\"grpchat\" seqid=\"1\" chanUri=\"" + ROOM
                        + "\" ts=\"2026-11-26T09:00:01Z\"><chat>&xxe;</chat></grpchat>");
                Failed f = failure(xxe);
                assertThat(f.kind()).isEqualTo(Kind.DOCTYPE_REFUSED);
                assertThat(f.problem()).doesNotContain("TOP-SECRET").doesNotContain("root:");
            }
        }

        @Test
        void an_external_dtd_is_refused() {
            Failed f = failure("<!DOCTYPE xccos SYSTEM \"http://127.0.0.1:9/evil.dtd\">" + envelope(""));
            assertThat(f.kind()).isEqualTo(Kind.DOCTYPE_REFUSED);
        }

        @Test
        void a_parameter_entity_is_refused() {
            Failed f = failure("<!DOCTYPE xccos [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]>" + envelope(""));
            assertThat(f.kind()).isIn(Kind.DOCTYPE_REFUSED, Kind.MALFORMED_XML);
            assertThat(f.problem()).doesNotContain("root:");
        }

        @Test
        void billion_laughs_is_refused_quickly() {
            StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE xccos [<!ENTITY lol0 \"lol\">");
            for (int i = 1; i < 10; i++) {
                dtd.append("<!ENTITY lol").append(i).append(" \"")
                        .append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
            }
            dtd.append("]>");
            String bomb = dtd + envelope("<grpchat id=\"grpchat\" seqid=\"1\" chanUri=\"" + ROOM
                    + "\" ts=\"2026-11-26T09:00:01Z\"><chat>&lol9;</chat></grpchat>");
            long start = System.nanoTime();
            Failed f = failure(bomb);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(f.kind()).isEqualTo(Kind.DOCTYPE_REFUSED);
        }

        @Test
        void a_doctype_is_refused_even_without_entities() {
            assertThat(failure("<!DOCTYPE xccos>" + envelope("")).kind()).isEqualTo(Kind.DOCTYPE_REFUSED);
        }
    }

    @Nested
    class Limits {

        private final XccosLimits tight = new XccosLimits(1024, 4, 10, 24, 16);
        private final XccosReader reader = new XccosReader(tight);

        private Failed failureWithTightLimits(String xml) {
            return Wire.failure(reader, xml.getBytes(StandardCharsets.UTF_8));
        }

        @Test
        void defaults_are_64_KiB_depth_16_and_10000_elements() {
            assertThat(XccosLimits.DEFAULTS.maxInputBytes()).isEqualTo(65536);
            assertThat(XccosLimits.DEFAULTS.maxDepth()).isEqualTo(16);
            assertThat(XccosLimits.DEFAULTS.maxElements()).isEqualTo(10_000);
        }

        @Test
        void within_every_limit_the_body_is_read() {
            String xml = envelope("<cmd id=\"cmd:part\" seqid=\"1\"><data><chanib uri=\"ma-chan://d/r\"/></data></cmd>");
            assertThat(reader.read(xml.getBytes(StandardCharsets.UTF_8))).isInstanceOf(Decoded.class);
        }

        @Test
        void input_size() {
            byte[] big = envelope("<!--" + "x".repeat(2000) + "-->").getBytes(StandardCharsets.UTF_8);
            Failed f = Wire.failure(reader, big);
            assertThat(f.kind()).isEqualTo(Kind.LIMIT_EXCEEDED);
            assertThat(f.problem()).contains("over the limit of 1024");
            assertThat(Wire.failure(READER, new byte[65537]).kind()).isEqualTo(Kind.LIMIT_EXCEEDED);
        }

        @Test
        void input_size_from_a_stream() throws IOException {
            byte[] big = envelope("<!--" + "x".repeat(2000) + "-->").getBytes(StandardCharsets.UTF_8);
            XccosDecodeResult r = reader.read(new ByteArrayInputStream(big));
            assertThat(r).isInstanceOf(Failed.class).extracting(x -> ((Failed) x).kind()).isEqualTo(Kind.LIMIT_EXCEEDED);
        }

        @Test
        void depth_counts_unknown_elements_too() {
            Failed f = failureWithTightLimits(envelope("<a><b><c><d/></c></b></a>"));
            assertThat(f.kind()).isEqualTo(Kind.LIMIT_EXCEEDED);
            assertThat(f.problem()).isEqualTo("elements nest deeper than 4 at <d>");
        }

        @Test
        void default_depth() {
            String deep = "<u>".repeat(16) + "</u>".repeat(16);
            assertThat(failure(envelope(deep)).kind()).isEqualTo(Kind.LIMIT_EXCEEDED);
            assertThat(read(envelope("<u>".repeat(15) + "</u>".repeat(15))).items()).isEmpty();
        }

        @Test
        void element_count() {
            Failed f = failureWithTightLimits(envelope("<x/>".repeat(10)));
            assertThat(f).isEqualTo(new Failed(Kind.LIMIT_EXCEEDED, "body has more than 10 elements"));
            assertThat(failure(envelope("<x/>".repeat(10_000))).kind()).isEqualTo(Kind.LIMIT_EXCEEDED);
        }

        @Test
        void attribute_length() {
            Failed f = failureWithTightLimits(envelope("<cmd id=\"cmd:requri\" seqid=\"1\" x=\"" + "y".repeat(25) + "\"/>"));
            assertThat(f).isEqualTo(new Failed(Kind.LIMIT_EXCEEDED, "<cmd> attribute x is longer than 24 chars"));
        }

        @Test
        void text_length_in_chat_and_between_elements() {
            String chat = "<grpchat seqid=\"1\" chanUri=\"c\" ts=\"2026-11-26T09:00:01Z\"><chat>" + "z".repeat(17)
                    + "</chat></grpchat>";
            assertThat(failureWithTightLimits(envelope(chat)).problem()).isEqualTo("text is longer than 16 chars");
            assertThat(failureWithTightLimits(envelope("<u>" + " ".repeat(17) + "</u>")).kind())
                    .isEqualTo(Kind.LIMIT_EXCEEDED);
        }
    }

    @Nested
    class Robustness {

        @Test
        void random_bytes_never_throw() {
            Random random = new Random(20261126);
            int ran = 0;
            for (int i = 0; i < 2000; i++) {
                byte[] body = new byte[random.nextInt(200)];
                random.nextBytes(body);
                assertThat(READER.read(body)).isNotNull();
                ran++;
            }
            assertThat(ran).isEqualTo(2000);
        }

        @Test
        void mutated_valid_envelopes_never_throw() {
            byte[] valid = envelope("<cmd id=\"cmd:bjoin\" seqid=\"1\"><data><chanid key=\"0\" domain=\"example.com\" "
                    + "value=\"r1\"/><chanib uri=\"" + ROOM + "\"><aib key=\"3984\" value=\"0\"/><msg id=\"grpchat\" "
                    + "ts=\"2026-11-26T09:00:01Z\" msgid=\"4\"><chat>hi</chat></msg></chanib><bcq><last cnt=\"2\"/></bcq>"
                    + "</data></cmd>").getBytes(StandardCharsets.UTF_8);
            byte[] alphabet = "<>/=\"' &;:#x0123456789abcdeflgtampquotCDATA[]!?-\r\n\t\u0000".getBytes(StandardCharsets.ISO_8859_1);
            Random random = new Random(5041);
            int decoded = 0;
            int failed = 0;
            for (int i = 0; i < 2000; i++) {
                byte[] body = valid.clone();
                for (int m = random.nextInt(4); m >= 0; m--) {
                    body[random.nextInt(body.length)] = random.nextBoolean()
                            ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
                }
                XccosDecodeResult r = READER.read(body);
                if (r instanceof Decoded) {
                    decoded++;
                } else {
                    failed++;
                }
            }
            assertThat(decoded + failed).isEqualTo(2000);
            assertThat(decoded).isPositive();
            assertThat(failed).isPositive();
        }

        @Test
        void the_reader_is_safe_to_share_between_threads() throws InterruptedException {
            byte[] body = envelope("<cmd id=\"cmd:part\" seqid=\"1\"><data><chanib uri=\"" + ROOM + "\"/></data></cmd>")
                    .getBytes(StandardCharsets.UTF_8);
            Envelope expected = read(body);
            int[] bad = new int[1];
            Thread[] threads = new Thread[8];
            for (int t = 0; t < threads.length; t++) {
                threads[t] = new Thread(() -> {
                    for (int i = 0; i < 500; i++) {
                        XccosDecodeResult r = READER.read(body);
                        if (!(r instanceof Decoded d) || !d.envelope().equals(expected)) {
                            synchronized (bad) {
                                bad[0]++;
                            }
                        }
                    }
                });
                threads[t].start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(bad[0]).isZero();
        }
    }
}

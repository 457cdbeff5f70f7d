package io.pchat.client;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.pchat.protocol.sip.DialogInfoTemplate;
import io.pchat.protocol.sip.DialogInfoWriter;
import io.pchat.protocol.sip.SipFrame;
import io.pchat.protocol.sip.SipFrameDecoder;
import io.pchat.protocol.sip.SipMessageEncoder;
import io.pchat.protocol.sip.SipMessageParser;
import io.pchat.protocol.sip.SipParseResult;
import io.pchat.protocol.sip.SipResponseBuilder;
import io.pchat.protocol.xccos.Command;
import io.pchat.protocol.xccos.Envelope;
import io.pchat.protocol.xccos.EnvelopeItem;
import io.pchat.protocol.xccos.GroupChat;
import io.pchat.protocol.xccos.XccosDecodeResult;
import io.pchat.protocol.xccos.XccosReader;
import io.pchat.protocol.xccos.XccosWriter;

/**
 * A scripted chat node for client tests: a Netty server on 127.0.0.1 with an ephemeral port,
 * built on the protocol module (frame decoder, parser, response builder, encoder, INFO writer).
 * It answers INVITE (200; or 401 first and a Digest check; or 302; or a set refusal), ACK, INFO,
 * UPDATE and BYE, records every request and every response the client sent, and can push INFOs
 * and BYE to the client.
 *
 * <p>Scripting: {@link #replies} turns each received command into reply items, sent in one node
 * INFO after the 200; {@link #posts} decides the SIP status of a grpchat post and, on 200, the
 * node delivers it back with the next msgid. One client connection at a time.
 */
final class FakeChatNode implements AutoCloseable {

    /** How a post is answered. {@code retryAfter} is used with 503 only. */
    record PostAnswer(int status, int retryAfter) {
        static final PostAnswer STORED = new PostAnswer(200, 0);
    }

    static final String REALM = "example.com";

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    private final SipMessageParser parser = new SipMessageParser();
    private final XccosReader reader = new XccosReader();
    private final XccosWriter writer = new XccosWriter();
    private final List<SIPRequest> requests = new CopyOnWriteArrayList<>();
    private final List<SIPResponse> responses = new CopyOnWriteArrayList<>();
    private final List<String> digestChecks = new CopyOnWriteArrayList<>();
    private final Map<Long, CompletableFuture<SIPResponse>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong nodeEnvid = new AtomicLong(9_000_000_000L);
    private final AtomicLong nextMsgid = new AtomicLong(100);
    private final String localTag = "node" + Long.toHexString(System.nanoTime());

    // configuration
    volatile String password;
    volatile List<String> challengeAlgorithms = List.of("SHA-256", "MD5");
    volatile String redirectTo;
    volatile int inviteStatus = 200;
    volatile long sessionExpires = 1800;
    volatile BiFunction<Command, Long, List<? extends EnvelopeItem>> replies = (command, envid) -> List.of();
    volatile Function<GroupChat, PostAnswer> posts = chat -> PostAnswer.STORED;
    volatile int infoStatus = 200;

    // the dialog
    private volatile Channel client;
    private volatile DialogInfoWriter infoWriter;

    FakeChatNode() throws InterruptedException {
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new SipFrameDecoder(), new SipMessageEncoder(), new Handler());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Options for alice on this node, short timeouts. */
    ClientOptions options() {
        return ClientOptions.forUser("sip:alice@example.com")
                .withServer("127.0.0.1", port())
                .withCommandTimeout(java.time.Duration.ofSeconds(3))
                .withConnectTimeout(java.time.Duration.ofSeconds(3));
    }

    /** Every request the client sent, in arrival order. */
    List<SIPRequest> requests() {
        return List.copyOf(requests);
    }

    /** The requests with this method. */
    List<SIPRequest> requests(String method) {
        return requests.stream().filter(r -> r.getMethod().equals(method)).toList();
    }

    /** The responses the client sent to the node's requests. */
    List<SIPResponse> responses() {
        return List.copyOf(responses);
    }

    /** "ok" or the reason for every Authorization checked. */
    List<String> digestChecks() {
        return List.copyOf(digestChecks);
    }

    /** The commands of every client INFO, with the envid of the envelope that carried each. */
    List<Map.Entry<Long, Command>> commands() {
        List<Map.Entry<Long, Command>> out = new ArrayList<>();
        for (SIPRequest info : requests("INFO")) {
            Envelope envelope = decode(info);
            for (EnvelopeItem item : envelope.items()) {
                if (item instanceof Command command) {
                    out.add(Map.entry(envelope.envid(), command));
                }
            }
        }
        return out;
    }

    /** Sends an INFO with these items to the client; completes with the client's answer. */
    CompletableFuture<SIPResponse> push(EnvelopeItem... items) {
        return push(Envelope.of(nodeEnvid.incrementAndGet(), items));
    }

    CompletableFuture<SIPResponse> push(Envelope envelope) {
        return sendInDialog("INFO", writer.encode(envelope));
    }

    /** Sends an INFO whose body is {@code text} as is. */
    CompletableFuture<SIPResponse> pushRaw(String text) {
        return sendInDialog("INFO", text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends an in-dialog OPTIONS. */
    CompletableFuture<SIPResponse> pushOptions() {
        return sendInDialog("OPTIONS", new byte[0]);
    }

    /** Ends the dialog from the node's side. */
    CompletableFuture<SIPResponse> sendBye() {
        return sendInDialog("BYE", new byte[0]);
    }

    /**
     * A request in the dialog: the INFO writer's headers (the dialog's tags, Call-ID, next CSeq),
     * with the method changed for anything but INFO. Completes with the client's answer.
     */
    private CompletableFuture<SIPResponse> sendInDialog(String method, byte[] body) {
        CompletableFuture<SIPResponse> answer = new CompletableFuture<>();
        Channel ch = client;
        ch.eventLoop().execute(() -> {
            waiting.put(infoWriter.nextCSeq(), answer);
            ByteBuf header = infoWriter.encodeHeader(ch.alloc(), body.length);
            String text = header.toString(StandardCharsets.UTF_8);
            header.release();
            if (!method.equals("INFO")) {
                text = text.replaceFirst("^INFO ", method + " ").replaceFirst("(CSeq: \\d+) INFO", "$1 " + method);
            }
            ch.write(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
            ch.writeAndFlush(Unpooled.wrappedBuffer(body));
        });
        return answer;
    }

    /** Closes the client's connection without a BYE. */
    void dropConnection() {
        client.close().syncUninterruptibly();
    }

    @Override
    public void close() {
        if (group.isShuttingDown()) {
            return;
        }
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    Envelope decode(SIPRequest info) {
        XccosDecodeResult result = reader.read(info.getRawContent());
        if (result instanceof XccosDecodeResult.Decoded decoded) {
            return decoded.envelope();
        }
        throw new AssertionError("client sent a bad envelope: " + result);
    }

    private final class Handler extends SimpleChannelInboundHandler<SipFrame> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, SipFrame frame) {
            if (!(frame instanceof SipFrame.Message message)) {
                return;
            }
            SipParseResult result = parser.parse(message);
            if (!(result instanceof SipParseResult.Parsed parsed)) {
                throw new AssertionError("client sent an invalid message: " + result);
            }
            SIPMessage sip = parsed.message();
            if (sip instanceof SIPResponse response) {
                responses.add(response);
                CompletableFuture<SIPResponse> w = waiting.remove(response.getCSeq().getSeqNumber());
                if (w != null) {
                    w.complete(response);
                }
                return;
            }
            SIPRequest request = (SIPRequest) sip;
            requests.add(request);
            switch (request.getMethod()) {
                case "INVITE" -> onInvite(ctx, request);
                case "INFO" -> onInfo(ctx, request);
                case "UPDATE", "OPTIONS" -> answer(ctx, request, 200, b -> b.header("Session-Expires", sessionExpires + ";refresher=uac"));
                case "BYE" -> answer(ctx, request, 200, b -> b);
                default -> { } // ACK
            }
        }

        private void onInvite(ChannelHandlerContext ctx, SIPRequest invite) {
            if (redirectTo != null) {
                answer(ctx, invite, 302, b -> b.contact(redirectTo));
                return;
            }
            if (password != null) {
                SIPHeader authorization = (SIPHeader) invite.getHeader("Authorization");
                if (authorization == null) {
                    answer(ctx, invite, 401, b -> {
                        for (String algorithm : challengeAlgorithms) {
                            b.header("WWW-Authenticate", "Digest realm=\"" + REALM + "\", nonce=\"n0nce-" + algorithm
                                    + "\", algorithm=" + algorithm + ", qop=\"auth\", opaque=\"op4que\"");
                        }
                        return b;
                    });
                    return;
                }
                String check = checkDigest(authorization.getHeaderValue());
                digestChecks.add(check);
                if (!check.equals("ok")) {
                    answer(ctx, invite, 403, b -> b);
                    return;
                }
            }
            if (inviteStatus != 200) {
                answer(ctx, invite, inviteStatus, b -> inviteStatus == 503 ? b.retryAfter(5) : b);
                return;
            }
            String contact = "sip:pchat@127.0.0.1:" + port() + ";transport=tcp";
            client = ctx.channel();
            infoWriter = DialogInfoWriter.create(DialogInfoTemplate.forInvite(invite, localTag, "127.0.0.1:" + port(), contact));
            answer(ctx, invite, 200, b -> b.contact(contact)
                    .header("Session-Expires", sessionExpires + ";refresher=uac")
                    .header("Supported", "timer")
                    .body("application", "sdp", ("v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=session\r\nc=IN IP4 127.0.0.1\r\n"
                            + "t=0 0\r\nm=message " + port() + " sip null\r\na=accept-types:text/plain\r\n").getBytes(StandardCharsets.US_ASCII)));
        }

        private void onInfo(ChannelHandlerContext ctx, SIPRequest info) {
            if (infoStatus != 200) {
                answer(ctx, info, infoStatus, b -> infoStatus == 503 ? b.retryAfter(2) : b);
                return;
            }
            Envelope envelope = decode(info);
            List<EnvelopeItem> out = new ArrayList<>();
            PostAnswer postAnswer = PostAnswer.STORED;
            for (EnvelopeItem item : envelope.items()) {
                if (item instanceof Command command) {
                    out.addAll(replies.apply(command, envelope.envid()));
                } else if (item instanceof GroupChat chat) {
                    postAnswer = posts.apply(chat);
                    if (postAnswer.status() == 200) {
                        out.add(chat.delivered(1, "sip:alice@example.com", Instant.now(), nextMsgid.getAndIncrement()));
                    }
                }
            }
            PostAnswer verdict = postAnswer;
            answer(ctx, info, verdict.status(), b -> verdict.status() == 503 ? b.retryAfter(verdict.retryAfter()) : b);
            if (!out.isEmpty()) {
                push(Envelope.of(nodeEnvid.incrementAndGet(), out));
            }
        }

        private void answer(ChannelHandlerContext ctx, SIPRequest request, int status,
                Function<SipResponseBuilder, SipResponseBuilder> extra) {
            ctx.writeAndFlush(extra.apply(SipResponseBuilder.answering(request, status).toTag(localTag)).build());
        }
    }

    /** Checks a Digest Authorization the long way, independently of the client's code. */
    private String checkDigest(String value) {
        Matcher m = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]+))").matcher(value);
        Map<String, String> p = new java.util.HashMap<>();
        while (m.find()) {
            p.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2) != null ? m.group(2) : m.group(3));
        }
        String algorithm = p.getOrDefault("algorithm", "MD5");
        String javaName = algorithm.equals("SHA-256") ? "SHA-256" : "MD5";
        if (!challengeAlgorithms.contains(algorithm)) {
            return "algorithm " + algorithm + " was not offered";
        }
        if (!"alice@example.com".equals(p.get("username"))) {
            return "username " + p.get("username");
        }
        if (!("n0nce-" + algorithm).equals(p.get("nonce")) || !"op4que".equals(p.get("opaque"))) {
            return "nonce or opaque not echoed";
        }
        String ha1 = hex(javaName, "alice@example.com:" + REALM + ":" + password);
        String ha2 = hex(javaName, "INVITE:" + p.get("uri"));
        String expected = hex(javaName, ha1 + ":" + p.get("nonce") + ":" + p.get("nc") + ":" + p.get("cnonce") + ":"
                + p.get("qop") + ":" + ha2);
        if (!"auth".equals(p.get("qop")) || p.get("cnonce") == null || !"00000001".equals(p.get("nc"))) {
            return "qop/cnonce/nc missing";
        }
        return expected.equals(p.get("response")) ? "ok" : "wrong response for " + algorithm;
    }

    private static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}

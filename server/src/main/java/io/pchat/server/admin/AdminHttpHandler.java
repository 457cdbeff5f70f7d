package io.pchat.server.admin;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.pchat.server.chat.StorageExecutor;
import io.pchat.server.net.LogThrottle;

/**
 * Answers admin calls. On the event loop it only checks the request (decodable, token) and
 * finds the route; the handler and the writing of its answer run on the storage executor, so
 * no database call ever blocks the loop. A full storage queue is answered 503 at once.
 *
 * <p>Every call needs {@code Authorization: Bearer <token>} except {@code GET /health}, which
 * load balancers and probes call without one (it tells nothing secret), and the web console's
 * paths ({@code /console/...}), which {@link ConsoleApi} guards with its sign-in sessions.
 * Sharable: it keeps no per-connection state.
 */
@ChannelHandler.Sharable
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(AdminHttpHandler.class);
    /** Refused calls are logged once per 10 s with their count: anyone who reaches the port can cause them. */
    private static final LogThrottle REFUSALS = new LogThrottle(Duration.ofSeconds(10));
    static final String JSON = "application/json; charset=utf-8";

    private final AdminRoutes routes;
    private final AdminToken token;
    private final StorageExecutor storage;
    private final ConsoleApi console;

    /** @param console the web console, or null when it is not served */
    AdminHttpHandler(AdminRoutes routes, AdminToken token, StorageExecutor storage, ConsoleApi console) {
        this.routes = routes;
        this.token = token;
        this.storage = storage;
        this.console = console;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!req.decoderResult().isSuccess()) {
            send(ctx, AdminResponse.status(400, AdminJson.error(400, "malformed HTTP request")), false, "malformed request");
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String method = req.method().name();
        String path = uri.rawPath(); // segments are decoded by the routes: %2F in a room URI stays in its segment
        String call = method + " " + path;
        if (console != null && ConsoleApi.owns(path)) {
            console(ctx, req, uri, call, keepAlive);
            return;
        }
        if (!("GET".equals(method) && "/health".equals(path)) && !token.accepts(req.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            long refusedCalls = REFUSALS.occurred();
            if (refusedCalls > 0) {
                log.warn("{} admin call(s) refused for no or a wrong bearer token in the last {} s; the latest {} from {}",
                        refusedCalls, REFUSALS.periodSeconds(), call, ctx.channel().remoteAddress());
            }
            AdminResponse refused = AdminResponse.status(401, AdminJson.error(401, "a valid 'Authorization: Bearer <token>'"
                    + " header is required (the token is in the data directory's admin.token, or the configuration)"));
            send(ctx, refused, keepAlive, call);
            return;
        }
        AdminRoutes.Match match;
        try {
            match = routes.match(method, path);
        } catch (AdminException e) {
            send(ctx, AdminErrors.toResponse(e, call), keepAlive, call);
            return;
        }
        AdminRequest request = new AdminRequest(AdminAudit.WHO, method, path, match.params(), uri.parameters(),
                ByteBufUtil.getBytes(req.content()));
        answerFromStorage(ctx, call, keepAlive, () -> match.route().handler().handle(request));
    }

    /** The console: its files from the event loop (they are in memory), its API calls from a storage thread. */
    private void console(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri, String call, boolean keepAlive) {
        String path = uri.rawPath();
        if (!ConsoleApi.isApi(path)) {
            AdminResponse response;
            try {
                response = console.file(req.method().name(), uri.path());
            } catch (AdminException e) {
                response = AdminErrors.toResponse(e, call);
            }
            send(ctx, response, keepAlive, call);
            return;
        }
        AdminRequest request = new AdminRequest(AdminAudit.WHO, req.method().name(), path, Map.of(), uri.parameters(),
                ByteBufUtil.getBytes(req.content()));
        String remote = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress()
                : String.valueOf(ctx.channel().remoteAddress());
        ConsoleApi.Admission admission;
        try {
            admission = console.admit(request, req.headers(), remote); // from memory: strangers never reach storage
        } catch (AdminException e) {
            send(ctx, AdminErrors.toResponse(e, call), keepAlive, call);
            return;
        }
        if (admission.answer() != null) {
            send(ctx, admission.answer(), keepAlive, call);
        } else {
            answerFromStorage(ctx, call, keepAlive, admission.work(), admission.notRun());
        }
    }

    private void answerFromStorage(ChannelHandlerContext ctx, String call, boolean keepAlive, Callable<AdminResponse> work) {
        answerFromStorage(ctx, call, keepAlive, work, () -> { });
    }

    /** Runs {@code work} on a storage thread and sends its answer; {@code notRun} when a full queue refused it. */
    private void answerFromStorage(ChannelHandlerContext ctx, String call, boolean keepAlive, Callable<AdminResponse> work,
            Runnable notRun) {
        AtomicBoolean ran = new AtomicBoolean();
        storage.call(() -> {
            ran.set(true);
            AdminResponse response;
            try {
                response = work.call();
            } catch (Exception | Error e) {
                response = AdminErrors.toResponse(e, call);
            }
            send(ctx, response, keepAlive, call);
            return null;
        }).whenComplete((v, e) -> {
            if (e != null) { // refused by a full queue (nothing ran), or a failure while writing
                if (!ran.get()) {
                    notRun.run();
                }
                send(ctx, AdminErrors.toResponse(e, call), false, call);
            }
        });
    }

    /**
     * Writes an answer (from any thread); a streamed one is written on the calling thread, chunk by
     * chunk; a deferred one when it completes (its failure mapped like a thrown one).
     */
    private static void send(ChannelHandlerContext ctx, AdminResponse response, boolean keepAlive, String call) {
        if (response.deferred() != null) {
            response.deferred().whenComplete((r, e) -> {
                AdminResponse answer = e == null ? r : AdminErrors.toResponse(e, call);
                for (Map.Entry<String, String> h : response.headers().entrySet()) { // the wrapper's (security) headers too
                    if (!answer.headers().containsKey(h.getKey())) {
                        answer = answer.withHeader(h.getKey(), h.getValue());
                    }
                }
                send(ctx, answer, keepAlive, call);
            });
            return;
        }
        if (response.stream() != null) {
            stream(ctx, response, keepAlive);
            return;
        }
        byte[] body = response.bytes() != null ? response.bytes()
                : response.json() == null ? new byte[0] : (response.json().toString() + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()),
                Unpooled.wrappedBuffer(body));
        if (response.bytes() != null) {
            http.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        } else if (response.json() != null) {
            http.headers().set(HttpHeaderNames.CONTENT_TYPE, JSON);
        }
        response.headers().forEach((name, value) -> http.headers().set(name, value));
        if (response.status() == 401) {
            http.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"pchat admin\"");
        }
        HttpUtil.setContentLength(http, body.length);
        HttpUtil.setKeepAlive(http, keepAlive);
        ChannelFuture written = ctx.writeAndFlush(http);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
        if (response.afterSent() != null) {
            written.addListener(f -> response.afterSent().run());
        }
    }

    private static void stream(ChannelHandlerContext ctx, AdminResponse response, boolean keepAlive) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        response.headers().forEach((name, value) -> head.headers().set(name, value));
        HttpUtil.setTransferEncodingChunked(head, true);
        HttpUtil.setKeepAlive(head, keepAlive);
        ctx.writeAndFlush(head);
        try (HttpChunkWriter out = new HttpChunkWriter(ctx)) {
            response.stream().writeTo(out);
        } catch (Exception e) {
            // The status is sent already: cut the connection so the client sees a truncated body, not a whole one.
            log.warn("admin stream failed: {}", e.toString());
            ctx.close();
            return;
        }
        ChannelFuture done = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        if (!keepAlive) {
            done.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("admin connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}

package io.pchat.server.files;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.stream.ChunkedFile;
import io.netty.util.ReferenceCountUtil;
import io.pchat.protocol.xccos.FileLink;
import io.pchat.server.net.LingeringClose;
import io.pchat.storage.StorageUnavailableException;
import io.pchat.storage.file.FileDirection;
import io.pchat.storage.file.FileStore;
import io.pchat.storage.file.FileToken;
import io.pchat.storage.file.RoomFile;

/**
 * One HTTP connection of the file endpoint: {@code PUT|POST /files/<token>} uploads,
 * {@code GET /files/<token>} downloads. A token is honoured only for its direction and before it
 * expires; an upload token is checked before any body byte is taken (the connection stops
 * reading meanwhile) and used up when the upload completes. Bodies stream to a temporary file,
 * never into memory, and are cut off at the size limit with 413.
 *
 * <p>Not sharable: one instance per connection; its state is confined to the event loop, and
 * storage work runs on the storage executor.
 */
final class FileHttpHandler extends SimpleChannelInboundHandler<HttpObject> {
    private static final Logger log = LoggerFactory.getLogger(FileHttpHandler.class);
    private static final Pattern PATH = Pattern.compile("/files/([A-Za-z0-9-]{1,64})");

    private enum State { IDLE, CHECKING, RECEIVING, FINISHING, DONE }

    private final FileStore files;
    private final FileRepository repository;
    private final FilePoster poster;
    private final Executor storage;
    private final FileServerSettings settings;
    /** Upload tokens whose upload is under way on this endpoint (shared by its connections). */
    private final Set<String> uploadsInProgress;
    /** The token this connection's upload holds in {@link #uploadsInProgress}, or null. */
    private String claimed;

    private State state = State.IDLE;
    private HttpRequest request;
    private String token;
    private final List<ByteBuf> early = new ArrayList<>();
    private boolean lastSeen;
    private Path incoming;
    private FileChannel out;
    private long received;

    FileHttpHandler(FileStore files, FileRepository repository, FilePoster poster, Executor storage,
            FileServerSettings settings, Set<String> uploadsInProgress) {
        super(false);
        this.uploadsInProgress = uploadsInProgress;
        this.files = files;
        this.repository = repository;
        this.poster = poster;
        this.storage = storage;
        this.settings = settings;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) throws Exception {
        try {
            if (msg instanceof HttpRequest req) {
                onRequest(ctx, req);
            }
            if (msg instanceof HttpContent content) {
                onContent(ctx, content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(ChannelHandlerContext ctx, HttpRequest req) {
        if (state != State.IDLE && state != State.DONE) {
            respond(ctx, HttpResponseStatus.BAD_REQUEST, "a request is already in progress", true);
            return;
        }
        reset();
        request = req;
        if (!req.decoderResult().isSuccess()) {
            respond(ctx, HttpResponseStatus.BAD_REQUEST, "malformed request", true);
            return;
        }
        Matcher m = PATH.matcher(new QueryStringDecoder(req.uri()).path());
        if (!m.matches()) {
            respond(ctx, HttpResponseStatus.NOT_FOUND, "no such path; use /files/<token>", true);
            return;
        }
        token = m.group(1);
        HttpMethod method = req.method();
        if (HttpMethod.GET.equals(method)) {
            state = State.FINISHING;
            download(ctx);
        } else if (HttpMethod.PUT.equals(method) || HttpMethod.POST.equals(method)) {
            long length = HttpUtil.getContentLength(req, -1L);
            if (length > settings.maxBytes()) {
                respond(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, tooLarge(), true);
                return;
            }
            state = State.CHECKING;
            ctx.channel().config().setAutoRead(false);
            String t = token;
            storage.execute(() -> {
                Optional<FileToken> found = lookup(() -> files.peek(t, FileDirection.UPLOAD));
                ctx.executor().execute(() -> onUploadChecked(ctx, found));
            });
        } else {
            respond(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET, PUT or POST", true);
        }
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent content) throws IOException {
        boolean last = content instanceof LastHttpContent;
        if (state == State.CHECKING) {
            early.add(content.content().retain()); // at most what was read before reading stopped
            lastSeen |= last;
        } else if (state == State.RECEIVING) {
            write(ctx, content.content());
            if (state == State.RECEIVING && last) {
                finishUpload(ctx);
            }
        }
        // Other states: the body of a refused or finished request; the connection is closing.
    }

    private void onUploadChecked(ChannelHandlerContext ctx, Optional<FileToken> found) {
        if (state != State.CHECKING || !ctx.channel().isActive()) {
            return;
        }
        if (found == null) {
            respond(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "storage unavailable, retry later", true);
            return;
        }
        if (found.isEmpty()) {
            respond(ctx, HttpResponseStatus.FORBIDDEN, "unknown, expired or used upload token", true);
            return;
        }
        String key = token.strip().toLowerCase(Locale.ROOT);
        if (!uploadsInProgress.add(key)) {
            // refused before a body byte is read: one token, one upload at a time
            respond(ctx, HttpResponseStatus.CONFLICT, "an upload with this token is already under way", true);
            return;
        }
        claimed = key;
        try {
            incoming = repository.newIncomingFile();
            out = FileChannel.open(incoming, StandardOpenOption.WRITE);
            state = State.RECEIVING;
            if (HttpUtil.is100ContinueExpected(request)) {
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
            }
            for (ByteBuf buf : early) {
                if (state == State.RECEIVING) {
                    write(ctx, buf);
                }
            }
            releaseEarly();
            if (state != State.RECEIVING) {
                return;
            }
            if (lastSeen) {
                finishUpload(ctx);
            } else {
                ctx.channel().config().setAutoRead(true);
                ctx.read();
            }
        } catch (IOException e) {
            log.warn("file upload: cannot write a temporary file: {}", e.toString());
            respond(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "cannot store the file", true);
        }
    }

    private void write(ChannelHandlerContext ctx, ByteBuf data) throws IOException {
        received += data.readableBytes();
        if (received > settings.maxBytes()) {
            respond(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, tooLarge(), true);
            return;
        }
        for (ByteBuffer b : data.nioBuffers()) {
            while (b.hasRemaining()) {
                out.write(b);
            }
        }
    }

    private void finishUpload(ChannelHandlerContext ctx) throws IOException {
        state = State.FINISHING;
        ctx.channel().config().setAutoRead(false);
        out.force(false); // the bytes are on disk before the record that names them commits
        out.close();
        out = null;
        Path file = incoming;
        long size = received;
        String t = token;
        storage.execute(() -> {
            Result result;
            try {
                // the token is used up in the transaction that records the file, once the file is in place
                AtomicReference<RoomFile> placed = new AtomicReference<>();
                Optional<RoomFile> recorded;
                try {
                    recorded = files.redeemUpload(t, size, f -> {
                        repository.store(file, f.roomId(), f.fileId());
                        placed.set(f);
                    });
                } catch (RuntimeException e) {
                    if (placed.get() != null) {
                        repository.discard(placed.get().roomId(), placed.get().fileId());
                    }
                    throw e;
                }
                if (recorded.isEmpty()) {
                    result = Result.of(HttpResponseStatus.FORBIDDEN, "unknown, expired or used upload token");
                } else {
                    RoomFile stored = recorded.get();
                    FileLink link = new FileLink(settings.domain(), stored.roomId(), stored.fileId());
                    poster.postFile(stored.uploader(), stored.roomId(), stored.fileName(), link).toCompletableFuture().join();
                    log.info("file {} ({} bytes) uploaded to room {} by {}", stored.fileId(), size, stored.roomId(),
                            stored.uploader());
                    result = new Result(HttpResponseStatus.CREATED, "{\"fileId\":\"" + stored.fileId() + "\",\"link\":\""
                            + link + "\",\"size\":" + size + "}\n", "application/json");
                }
            } catch (StorageUnavailableException e) {
                result = Result.of(HttpResponseStatus.SERVICE_UNAVAILABLE, "storage unavailable, retry later");
            } catch (RuntimeException e) {
                log.warn("file upload failed: {}", e.toString());
                result = Result.of(HttpResponseStatus.INTERNAL_SERVER_ERROR, "cannot store the file");
            }
            Result r = result;
            ctx.executor().execute(() -> {
                deleteIncoming();
                boolean keepAlive = HttpUtil.isKeepAlive(request) && r.status().code() < 300;
                respond(ctx, r.status(), r.body(), r.contentType(), !keepAlive);
                if (keepAlive) {
                    ctx.channel().config().setAutoRead(true);
                }
            });
        });
    }

    private void download(ChannelHandlerContext ctx) {
        String t = token;
        storage.execute(() -> {
            Result failure = null;
            RoomFile found = null;
            try {
                Optional<FileToken> tok = files.redeem(t, FileDirection.DOWNLOAD);
                if (tok.isEmpty()) {
                    failure = Result.of(HttpResponseStatus.FORBIDDEN, "unknown or expired download token");
                } else {
                    String wanted = tok.get().fileName();
                    String fileId = FileLink.parse(wanted).map(FileLink::fileId).orElse(wanted);
                    Optional<RoomFile> file = files.file(tok.get().roomId(), fileId);
                    if (file.isEmpty() || !Files.isReadable(repository.path(file.get().roomId(), file.get().fileId()))) {
                        failure = Result.of(HttpResponseStatus.NOT_FOUND, "no such file in this room");
                    } else {
                        found = file.get();
                        files.recordDownload(found, tok.get().userUri());
                    }
                }
            } catch (StorageUnavailableException e) {
                failure = Result.of(HttpResponseStatus.SERVICE_UNAVAILABLE, "storage unavailable, retry later");
            } catch (RuntimeException e) {
                log.warn("file download failed: {}", e.toString());
                failure = Result.of(HttpResponseStatus.INTERNAL_SERVER_ERROR, "cannot read the file");
            }
            Result f = failure;
            RoomFile file = found;
            ctx.executor().execute(() -> {
                if (f != null) {
                    respond(ctx, f.status(), f.body(), f.contentType(), true);
                } else {
                    sendFile(ctx, file);
                }
            });
        });
    }

    private void sendFile(ChannelHandlerContext ctx, RoomFile file) {
        try {
            RandomAccessFile raf = new RandomAccessFile(repository.path(file.roomId(), file.fileId()).toFile(), "r");
            long length = raf.length();
            HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            HttpUtil.setContentLength(response, length);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
            response.headers().set(HttpHeaderNames.CONTENT_DISPOSITION,
                    "attachment; filename=\"" + file.fileName().replaceAll("[\"\\\\\\r\\n]", "_") + "\"");
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpUtil.setKeepAlive(response, keepAlive);
            ctx.write(response);
            var done = ctx.writeAndFlush(new HttpChunkedInput(new ChunkedFile(raf, 0, length, 16 * 1024)));
            state = State.DONE;
            if (!keepAlive) {
                done.addListener(ChannelFutureListener.CLOSE);
            }
        } catch (IOException e) {
            respond(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "cannot read the file", true);
        }
    }

    private void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String body, boolean close) {
        respond(ctx, status, body + "\n", "text/plain; charset=UTF-8", close);
    }

    private void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String body, String contentType,
            boolean close) {
        state = State.DONE;
        releaseEarly();
        closeOutput();
        deleteIncoming();
        releaseClaim();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpUtil.setContentLength(response, response.content().readableBytes());
        HttpUtil.setKeepAlive(response, !close);
        var written = ctx.writeAndFlush(response);
        if (close) {
            LingeringClose.after(written); // the client may still be sending the refused body
        }
    }

    private String tooLarge() {
        return "file larger than the limit of " + settings.maxBytes() + " bytes";
    }

    private static <T> T lookup(Supplier<T> work) {
        try {
            return work.get();
        } catch (StorageUnavailableException e) {
            return null;
        }
    }

    private void releaseClaim() {
        if (claimed != null) {
            uploadsInProgress.remove(claimed);
            claimed = null;
        }
    }

    private void reset() {
        releaseClaim();
        releaseEarly();
        closeOutput();
        deleteIncoming();
        lastSeen = false;
        received = 0;
        token = null;
    }

    private void releaseEarly() {
        early.forEach(ByteBuf::release);
        early.clear();
    }

    private void closeOutput() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the temporary file is deleted next
            }
            out = null;
        }
    }

    private void deleteIncoming() {
        if (incoming != null) {
            try {
                Files.deleteIfExists(incoming);
            } catch (IOException e) {
                log.debug("cannot delete {}: {}", incoming, e.toString());
            }
            incoming = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        reset();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("file connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        reset();
        ctx.close();
    }

    private record Result(HttpResponseStatus status, String body, String contentType) {
        static Result of(HttpResponseStatus status, String text) {
            return new Result(status, text + "\n", "text/plain; charset=UTF-8");
        }
    }
}

package io.pchat.server.admin;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;

/**
 * A {@link Writer} that sends what it is given as HTTP chunks of about {@value #CHUNK} characters.
 * Used from a storage thread (never the event loop): each chunk waits until the previous one was
 * written to the socket, so a slow reader slows the writer and memory stays bounded. A closed
 * connection is an {@link IOException}.
 */
final class HttpChunkWriter extends Writer {
    static final int CHUNK = 16 * 1024;

    private final ChannelHandlerContext ctx;
    private final StringBuilder buffer = new StringBuilder(CHUNK + 256);
    private ChannelFuture previous;

    HttpChunkWriter(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
        buffer.append(chars, offset, length);
        if (buffer.length() >= CHUNK) {
            send();
        }
    }

    @Override
    public void write(String s) throws IOException {
        buffer.append(s);
        if (buffer.length() >= CHUNK) {
            send();
        }
    }

    @Override
    public void flush() throws IOException {
        if (buffer.length() > 0) {
            send();
        }
    }

    /** Sends what is buffered and waits until it was written. */
    @Override
    public void close() throws IOException {
        flush();
        awaitPrevious();
    }

    private void send() throws IOException {
        awaitPrevious();
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        buffer.setLength(0);
        previous = ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
    }

    private void awaitPrevious() throws IOException {
        if (previous == null) {
            return;
        }
        previous.awaitUninterruptibly();
        if (!previous.isSuccess()) {
            throw new IOException("the connection closed during the export", previous.cause());
        }
    }
}

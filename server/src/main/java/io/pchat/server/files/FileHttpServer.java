package io.pchat.server.files;

import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.pchat.server.net.HttpEndpoint;
import io.pchat.storage.file.FileStore;

/**
 * The node's file endpoint (Netty HTTP): uploads and downloads of files posted in rooms, against
 * the short-lived tokens that {@code getfutok}/{@code getfdtok} hand out. Idle connections are
 * closed after a minute.
 */
public final class FileHttpServer extends HttpEndpoint {
    private static final Logger log = LoggerFactory.getLogger(FileHttpServer.class);

    private final FileServerSettings settings;
    private final FileStore files;
    private final FileRepository repository;
    private final FilePoster poster;
    private final Executor storage;
    private final Set<String> uploadsInProgress = ConcurrentHashMap.newKeySet();

    public FileHttpServer(FileServerSettings settings, FileStore files, FileRepository repository, FilePoster poster,
            Executor storage) {
        this.settings = settings;
        this.files = files;
        this.repository = repository;
        this.poster = poster;
        this.storage = storage;
    }

    @Override
    public String name() {
        return "file endpoint";
    }

    @Override
    protected InetSocketAddress bindAddress() {
        return settings.bind();
    }

    @Override
    protected String threadName() {
        return "pchat-files";
    }

    @Override
    protected void addHandlers(ChannelPipeline pipeline) {
        pipeline.addLast(new ChunkedWriteHandler())
                .addLast(new FileHttpHandler(files, repository, poster, storage, settings, uploadsInProgress));
    }

    @Override
    protected void started() {
        log.info("file endpoint listening on {}://{}:{}/files/ (limit {} bytes, files in {})", scheme(),
                boundAddress().getHostString(), boundAddress().getPort(), settings.maxBytes(), repository.root());
    }
}

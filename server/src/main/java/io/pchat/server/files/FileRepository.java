package io.pchat.server.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.server.node.DataDirectory;

/**
 * Where posted files live on disk: {@code <root>/<room id>/<file id>}, written through a
 * temporary file in {@code <root>/.incoming} and moved into place whole, so a reader never sees
 * half a file. Ids are checked against a strict pattern: nothing from the wire can name a path
 * outside the root.
 */
public final class FileRepository {
    private static final Logger log = LoggerFactory.getLogger(FileRepository.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path root;
    private final Path incoming;

    public FileRepository(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.incoming = this.root.resolve(".incoming");
        Files.createDirectories(incoming);
        DataDirectory.restrict(this.root);
        DataDirectory.restrict(incoming);
    }

    public Path root() {
        return root;
    }

    /** A new empty temporary file for an upload in progress. */
    public Path newIncomingFile() throws IOException {
        return Files.createTempFile(incoming, "upload-", ".part");
    }

    /** Moves a finished upload into place as the file {@code fileId} of {@code roomId}. */
    public Path store(Path incomingFile, String roomId, String fileId) throws IOException {
        Path target = path(roomId, fileId);
        if (!Files.isDirectory(target.getParent())) {
            Files.createDirectories(target.getParent());
            DataDirectory.restrict(target.getParent());
        }
        DataDirectory.restrict(incomingFile); // a temporary file is owner-only already; made sure whatever made it
        try {
            return Files.move(incomingFile, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            return Files.move(incomingFile, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Removes a stored file whose record was not committed; a failure is left for the operator. */
    public void discard(String roomId, String fileId) {
        try {
            Files.deleteIfExists(path(roomId, fileId));
        } catch (IOException e) {
            log.warn("cannot remove the unrecorded file {}: {}", path(roomId, fileId), e.toString());
        }
    }

    /**
     * Deletes what uploads cut short by a crash left in the incoming directory (a running node's
     * uploads are removed as they finish or fail, so at start every file there is such a leftover);
     * returns how many bytes were freed.
     */
    public long discardUnfinishedUploads() throws IOException {
        long freed = 0;
        int count = 0;
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(incoming)) {
            for (Path leftover : leftovers) {
                long size = Files.size(leftover);
                Files.deleteIfExists(leftover);
                freed += size;
                count++;
            }
        }
        if (count > 0) {
            log.warn("removed {} unfinished upload(s) ({} bytes) left in {} by an earlier run that did not stop cleanly",
                    count, freed, incoming);
        }
        return freed;
    }

    /** The path of a stored file (which may not exist). */
    public Path path(String roomId, String fileId) {
        return root.resolve(checked(roomId)).resolve(checked(fileId));
    }

    private static String checked(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a valid id: " + id);
        }
        return id;
    }
}

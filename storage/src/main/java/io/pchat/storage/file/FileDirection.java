package io.pchat.storage.file;

/** What a file token allows: putting a file into a room ({@code getfutok}) or getting one ({@code getfdtok}). */
public enum FileDirection {
    UPLOAD,
    DOWNLOAD
}

package dev.agentry.memory;

import java.nio.file.Path;

/** Progress of {@link AgentryStore#ingest}: called once per file, from the ingesting thread. */
@FunctionalInterface
public interface IngestListener {
    /**
     * Reports one file done.
     *
     * @param file the file
     * @param done files done so far, this one included
     * @param total files found
     * @param chunks chunks stored for this file (0 when skipped)
     * @param skipped {@code true} when the file was unchanged since the last ingestion
     */
    void onFile(Path file, int done, int total, int chunks, boolean skipped);

    /**
     * Returns a listener that does nothing.
     *
     * @return the listener
     */
    static IngestListener none() {
        return (file, done, total, chunks, skipped) -> {};
    }

    /**
     * What one ingestion did.
     *
     * @param files files found
     * @param skipped unchanged files skipped
     * @param chunks chunks stored
     */
    record Report(int files, int skipped, int chunks) {}
}

package dev.agentry.mcp.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** An input stream that runs a callback once, when it ends or fails: how a stdio server learns its client left. */
public final class WatchedInput extends FilterInputStream {
    private final Runnable onEnd;
    private boolean ended;

    /** Wraps a stream. */
    public WatchedInput(InputStream in, Runnable onEnd) {
        super(in);
        this.onEnd = onEnd;
    }

    @Override
    public int read() throws IOException {
        return watch(() -> super.read());
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return watch(() -> super.read(b, off, len));
    }

    private interface Read {
        int run() throws IOException;
    }

    private int watch(Read read) throws IOException {
        try {
            int n = read.run();
            if (n < 0) {
                end();
            }
            return n;
        } catch (IOException e) {
            end();
            throw e;
        }
    }

    private synchronized void end() {
        if (!ended) {
            ended = true;
            onEnd.run();
        }
    }
}

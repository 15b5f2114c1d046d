package org.multiprocessing4j.internal.connection;

import java.io.Closeable;
import java.io.IOException;

/** A byte stream under a {@code Connection}: a Unix socket here, TCP for remote peers. */
public interface Transport extends Closeable {
    /** Reads at least one byte, waiting up to the timeout (negative: forever): count, 0 on timeout, -1 at end. */
    int read(byte[] b, int off, int len, long timeoutNanos) throws IOException;

    void writeFully(byte[] b, int off, int len) throws IOException;

    /** True when a read would not wait, waiting up to the timeout (negative: forever). */
    boolean awaitReadable(long timeoutNanos) throws IOException;

    boolean isClosed();

    @Override
    void close();

    /** The Unix socket underneath, for handing over to another process; null when it cannot be handed over. */
    default org.multiprocessing4j.internal.unix.UnixSocket unixSocket() {
        return null;
    }
}

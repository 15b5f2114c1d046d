package org.multiprocessing4j.connection;

import java.io.IOException;

import org.multiprocessing4j.internal.Identity;
import org.multiprocessing4j.internal.connection.UnixTransport;
import org.multiprocessing4j.internal.unix.UnixSocket;

/**
 * A pair of connected {@link Connection}s — Python's {@code multiprocessing.Pipe()}.
 *
 * <p>Duplex (the default): both ends send and receive. Simplex: {@link #first()} only receives and
 * {@link #second()} only sends, as in Python. Underneath is a Unix-domain socket pair; either end can be passed to
 * a child process. Closing the pipe closes both ends still held here.
 *
 * @param first  the first end (the receiving end of a simplex pipe)
 * @param second the second end (the sending end of a simplex pipe)
 */
public record Pipe(Connection first, Connection second) implements AutoCloseable {
    /** The default cap on one message: 1 GiB. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 1 << 30;

    /**
     * A duplex pipe with the current process's codec and the default message size limit.
     *
     * @return the pipe
     * @throws IOException if the operating system refuses a socket pair
     */
    public static Pipe open() throws IOException {
        return open(true);
    }

    /**
     * A duplex or simplex pipe with the current process's codec and the default message size limit.
     *
     * @param duplex true for a duplex pipe, false for a simplex one
     * @return the pipe
     * @throws IOException if the operating system refuses a socket pair
     */
    public static Pipe open(boolean duplex) throws IOException {
        return open(duplex, DEFAULT_MAX_MESSAGE_SIZE);
    }

    /**
     * A pipe with the current process's codec whose ends accept messages of at most {@code maxMessageSize} bytes.
     *
     * @param duplex true for a duplex pipe, false for a simplex one
     * @param maxMessageSize the largest message, in bytes
     * @return the pipe
     * @throws IllegalArgumentException if {@code maxMessageSize} is not positive
     * @throws IOException if the operating system refuses a socket pair
     */
    public static Pipe open(boolean duplex, int maxMessageSize) throws IOException {
        UnixSocket[] pair = UnixSocket.pair();
        var codec = Identity.codec();
        return new Pipe(new Connection(new UnixTransport(pair[0]), codec, maxMessageSize, true, duplex),
                new Connection(new UnixTransport(pair[1]), codec, maxMessageSize, duplex, true));
    }

    @Override
    public void close() {
        first.close();
        second.close();
    }
}

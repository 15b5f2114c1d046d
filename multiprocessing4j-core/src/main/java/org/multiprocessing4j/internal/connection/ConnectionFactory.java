package org.multiprocessing4j.internal.connection;

import org.multiprocessing4j.codec.Codec;
import org.multiprocessing4j.connection.Connection;

/**
 * Makes {@link Connection}s over the library's transports for its internal packages, so that {@code Connection}
 * needs no public constructor naming an internal type. {@code Connection} registers the maker when it is
 * initialized.
 */
public final class ConnectionFactory {
    private ConnectionFactory() {}

    /** Implemented inside the connection package. */
    public interface Maker {
        Connection make(Transport transport, Codec codec, int maxMessageSize, boolean readable, boolean writable);
    }

    private static volatile Maker maker;

    public static void register(Maker m) {
        maker = m;
    }

    /**
     * A connection over {@code transport}.
     *
     * @throws IllegalArgumentException if {@code maxMessageSize} is not positive
     */
    public static Connection open(Transport transport, Codec codec, int maxMessageSize, boolean readable,
                                  boolean writable) {
        Maker m = maker;
        if (m == null) {
            try {
                Class.forName(Connection.class.getName(), true, ConnectionFactory.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            m = maker;
        }
        return m.make(transport, codec, maxMessageSize, readable, writable);
    }
}

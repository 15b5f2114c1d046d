package org.multiprocessing4j.internal.connection;

import java.io.IOException;

import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Listener;

/**
 * Lets a server of this library (the manager) accept a connection and run its authkey challenge on the
 * connection's own thread, so a peer that stalls the challenge cannot hold up the acceptance of others — without a
 * public method that hands out unauthenticated connections.
 */
public final class ListenerAccess {
    private ListenerAccess() {}

    public interface Hooks {
        Connection acceptUnauthenticated(Listener l) throws IOException;

        void authenticate(Listener l, Connection c) throws IOException;
    }

    private static volatile Hooks hooks;

    public static void register(Hooks h) {
        hooks = h;
    }

    private static Hooks hooks() {
        if (hooks == null) {
            try {
                Class.forName(Listener.class.getName(), true, ListenerAccess.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return hooks;
    }

    /** Accepts the next peer without the challenge; call {@link #authenticate} before reading anything from it. */
    public static Connection acceptUnauthenticated(Listener l) throws IOException {
        return hooks().acceptUnauthenticated(l);
    }

    /** Runs the listener's challenge on {@code c} (a no-op without an authkey); closes it on failure. */
    public static void authenticate(Listener l, Connection c) throws IOException {
        hooks().authenticate(l, c);
    }
}

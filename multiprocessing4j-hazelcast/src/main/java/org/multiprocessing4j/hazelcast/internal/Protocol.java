package org.multiprocessing4j.hazelcast.internal;

import java.io.IOException;
import org.multiprocessing4j.connection.Connection;

/**
 * The conversation between a client and a member's worker host, after the authkey challenge of our own TCP
 * connections. A client opens one <em>session</em> connection per member (worker reports both ways: running
 * tasks, deaths, kill requests, heartbeats) and one <em>worker</em> connection per worker JVM, which after its
 * hello carries the pool protocol ({@code Wire} frames) unchanged between the client and the worker.
 */
public final class Protocol {
    private Protocol() {}

    /** Changes whenever a message changes; both sides must agree. */
    public static final int VERSION = 1;
    public static final String MAGIC = "mp4j-cluster";

    // hellos (client -> member), first message after the challenge
    public static final byte HELLO_SESSION = 1, HELLO_WORKER = 2;
    // answers to a hello
    public static final byte OK = 10, ERROR = 11;
    // session: member -> client
    public static final byte STATE = 20, DIED = 21;
    // session: client -> member
    public static final byte KILL = 30, TERMINATE = 31, PING = 32;

    // error codes
    public static final int E_VERSION = 1, E_NO_SESSION = 2, E_CLASS_PATH = 3, E_START = 4, E_CLOSING = 5, E_BAD = 6;

    // why a worker ended (DIED)
    /** It ended by itself (stopped, retired, crashed, exited in a task). */
    public static final byte END_EXITED = 0;
    /** The client asked for its kill or termination. */
    public static final byte END_REQUESTED = 1;
    /** Its worker connection from the client broke. */
    public static final byte END_DISCONNECTED = 2;
    /** The member is shutting down. */
    public static final byte END_MEMBER_CLOSING = 3;

    /** Every report a member sends at least this often (empty STATE when nothing changed). */
    public static final long HEARTBEAT_NANOS = 1_000_000_000L;
    /** How often a member looks at its workers' slots for changes to report. */
    public static final long STATE_POLL_NANOS = 5_000_000L;

    /** Reads one message, failing with a clear message when the peer speaks another protocol. */
    public static Msg.In read(Connection c) throws IOException {
        return new Msg.In(c.recvBytes(16 << 20));
    }

    public static void send(Connection c, Msg.Out m) throws IOException {
        c.sendBytes(m.bytes());
    }

    /** Thrown by a member's answer: code and message. */
    public static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;
        public final int code;

        public Refused(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    /** Reads the answer to a hello: returns it when OK, throws {@link Refused} when refused. */
    public static Msg.In answer(Connection c) throws IOException {
        Msg.In in = read(c);
        if (in.type == OK) return in;
        if (in.type == ERROR) {
            int code = in.i();
            throw new Refused(code, in.s());
        }
        throw new IOException("unexpected answer type " + in.type + " from the member");
    }

    public static Msg.Out error(int code, String message) {
        return new Msg.Out(ERROR).i(code).s(message);
    }
}

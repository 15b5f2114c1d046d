package org.multiprocessing4j.internal.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import org.multiprocessing4j.internal.connection.ConnectionFactory;
import org.multiprocessing4j.codec.Codec;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.internal.Identity;
import org.multiprocessing4j.internal.RuntimeDir;
import org.multiprocessing4j.internal.connection.Handshake;
import org.multiprocessing4j.internal.connection.UnixTransport;
import org.multiprocessing4j.internal.unix.UnixServerSocket;
import org.multiprocessing4j.internal.unix.UnixSocket;

/**
 * The parent's control socket: children connect to it, prove the authkey, name their one-time token and receive
 * their run order. One per JVM, started with the first child.
 */
public final class ProcessRuntime {
    private static volatile ProcessRuntime instance;

    private final UnixServerSocket listener;
    private final Map<String, ChildHandle> pending = new ConcurrentHashMap<>();

    private ProcessRuntime() throws IOException {
        org.multiprocessing4j.internal.unix.Platform.check();
        // The resource tracker's promise: segments left by dead JVMs go at the latest when this one starts children.
        Thread.ofPlatform().daemon().name("mp4j-shm-sweep").start(org.multiprocessing4j.internal.shm.SegmentTracker::sweepOnce);
        listener = UnixServerSocket.bind(RuntimeDir.get().resolve("ctl.sock"), 256);
        Thread.ofPlatform().daemon().name("mp4j-control-accept").start(this::acceptLoop);
    }

    public static ProcessRuntime get() {
        ProcessRuntime r = instance;
        if (r == null) {
            synchronized (ProcessRuntime.class) {
                if (instance == null) {
                    try {
                        instance = new ProcessRuntime();
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot open the control socket for child processes", e);
                    }
                }
                r = instance;
            }
        }
        return r;
    }

    public Path controlPath() {
        return listener.path();
    }

    /** A handle for a child about to be launched. */
    public ChildHandle newChild() {
        byte[] t = new byte[16];
        ThreadLocalRandom.current().nextBytes(t);
        ChildHandle h = new ChildHandle(HexFormat.of().formatHex(t));
        pending.put(h.token(), h);
        return h;
    }

    void forget(String token) {
        pending.remove(token);
    }

    private void acceptLoop() {
        while (true) {
            UnixSocket s;
            try {
                s = listener.accept(-1);
            } catch (IOException e) {
                return;
            }
            Thread.ofPlatform().daemon().name("mp4j-child-control").start(() -> serve(s));
        }
    }

    private void serve(UnixSocket s) {
        Connection c = ConnectionFactory.open(new UnixTransport(s), Codec.defaultCodec(), 1 << 20, true, true);
        ChildHandle h;
        try {
            int[] cred = s.peerCredentials();
            if (currentUid() >= 0 && cred[1] != currentUid()) {
                c.close();
                return;
            }
            Handshake.server(c, Identity.authkey());
            String token = new String(c.recvBytes(64), StandardCharsets.US_ASCII);
            h = pending.remove(token);
            if (h == null) {
                c.close();
                return;
            }
        } catch (IOException e) {
            c.close();
            return;
        }
        h.onConnected(c);
        h.readReports(c);
    }

    private static int uid = -1;

    private static int currentUid() {
        if (uid < 0) {
            try {
                uid = (Integer) java.nio.file.Files.getAttribute(RuntimeDir.get(), "unix:uid");
            } catch (IOException | UnsupportedOperationException e) {
                uid = -2;
            }
        }
        return uid;
    }
}

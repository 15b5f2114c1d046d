package org.multiprocessing4j.internal.managers;

import java.io.EOFException;
import java.io.IOException;
import java.io.Serializable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.channels.AsynchronousCloseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Listener;
import org.multiprocessing4j.internal.connection.ListenerAccess;

/**
 * The manager's server: accepts authenticated connections and runs each one's calls on its own virtual thread, so
 * a call that blocks (a queue's take, a lock) blocks only the calling thread of the calling process.
 *
 * <p>A call is looked up among the methods of the shared object's registered interface only (never arbitrary
 * methods of its class). While a call runs longer than a moment, a watcher looks at its connection: if the client
 * sends a cancel (its thread was interrupted; it then waits for this call's answer) or closes it (its process died)
 * the call is interrupted, so an interrupted or dead client's {@code take()} cannot
 * swallow a later item.
 */
public final class ManagerServer {
    private static final long WATCH_AFTER_MILLIS = 10;

    private final Listener listener;
    private final Map<String, Builtins.Type> types = new ConcurrentHashMap<>();
    private final Map<Long, Shared> objects = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Map<String, Method> methods = new ConcurrentHashMap<>();

    private record Shared(Object target, Class<?> iface, String typeid) {
    }

    public ManagerServer(Listener listener, Map<String, Builtins.Type> registered) {
        this.listener = listener;
        types.putAll(Builtins.types());
        types.putAll(registered);
    }

    public Listener listener() {
        return listener;
    }

    /** Serves until {@link #stop()} or a client's {@code shutdown}. */
    public void serveForever() {
        Thread acceptor = Thread.ofPlatform().daemon().name("mp4j-manager-accept").start(this::acceptLoop);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            listener.close();
            acceptor.interrupt();
        }
    }

    public void stop() {
        stopped.countDown();
        listener.close();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                // The challenge runs on the connection's own thread: a peer that stalls it holds up nobody else.
                Connection c = ListenerAccess.acceptUnauthenticated(listener);
                Thread.ofVirtual().name("mp4j-manager-conn").start(() -> {
                    try {
                        ListenerAccess.authenticate(listener, c);
                    } catch (IOException e) {
                        return; // failed or stalled: closed, nothing of it was read
                    }
                    serve(c);
                });
            } catch (IOException e) {
                if (listener.isClosed()) return;
            }
        }
    }

    private void serve(Connection c) {
        try (c) {
            while (true) {
                Object msg;
                try {
                    msg = c.recv();
                } catch (EOFException | AsynchronousCloseException e) {
                    return;
                } catch (org.multiprocessing4j.codec.DecodingException e) {
                    c.send(new Reply(-1, false, new IllegalArgumentException("the manager cannot decode the request: "
                            + e.getMessage())));
                    continue;
                }
                if (!(msg instanceof Request r)) return; // not our protocol: drop the peer
                if (r.objectId() == Request.CANCEL) continue; // its call ended (the watcher saw it come): answered
                Reply reply = callWatched(r, c);
                try {
                    c.send(reply);
                } catch (org.multiprocessing4j.codec.EncodingException e) {
                    c.send(new Reply(r.seq(), false, new IllegalStateException("the result of " + r.method()
                            + " cannot be sent back: " + e.getMessage())));
                }
                if (r.objectId() == 0 && r.method().equals("shutdown")) {
                    stop();
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private Reply callWatched(Request r, Connection c) {
        Thread caller = Thread.currentThread();
        Thread watcher = Thread.ofVirtual().start(() -> watch(c, caller));
        try {
            return new Reply(r.seq(), true, Snapshots.of(call(r)));
        } catch (Throwable t) {
            return new Reply(r.seq(), false, t);
        } finally {
            watcher.interrupt();
            while (watcher.isAlive()) { // it must be gone before this thread reads the connection again
                try {
                    watcher.join();
                } catch (InterruptedException e) {
                    // the watcher interrupted us as the call ended: keep waiting for it
                }
            }
            Thread.interrupted(); // an interrupt from the watcher must not leak into the next call
        }
    }

    /** Interrupts the call when the client's end closes (the client sends nothing while it waits for a reply). */
    private static void watch(Connection c, Thread caller) {
        try {
            Thread.sleep(WATCH_AFTER_MILLIS);
            while (!c.poll(java.time.Duration.ofMillis(50))) {
                if (Thread.currentThread().isInterrupted()) return;
            }
            caller.interrupt();
        } catch (InterruptedException | IOException e) {
            // the call finished
        }
    }

    private Object call(Request r) throws Throwable {
        if (r.objectId() == 0) return managerCall(r);
        Shared s = objects.get(r.objectId());
        if (s == null) throw new IllegalStateException("no shared object " + r.objectId() + " in this manager");
        if (r.method().equals("toString") && r.paramTypes().length == 0) return String.valueOf(s.target());
        Method m = resolve(s.iface(), r.method(), r.paramTypes());
        try {
            return m.invoke(s.target(), r.args() == null ? new Object[0] : r.args());
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Object managerCall(Request r) throws Exception {
        switch (r.method()) {
            case "create" -> {
                String typeid = (String) r.args()[0];
                Builtins.Type t = types.get(typeid);
                if (t == null) throw new IllegalArgumentException("no type '" + typeid + "' is registered with this manager");
                Object target = t.factory().make((Object[]) r.args()[1]);
                if (!t.iface().isInstance(target)) {
                    throw new IllegalStateException("type '" + typeid + "' made a " + target.getClass().getName()
                            + ", which does not implement " + t.iface().getName());
                }
                long id = ids.incrementAndGet();
                objects.put(id, new Shared(target, t.iface(), typeid));
                return new Created(id);
            }
            case "ping", "shutdown" -> {
                return "ok";
            }
            case "release" -> {
                objects.remove((Long) r.args()[0]);
                return "ok";
            }
            default -> throw new IllegalArgumentException("unknown manager call " + r.method());
        }
    }

    private Method resolve(Class<?> iface, String name, String[] paramTypes) throws NoSuchMethodException {
        String key = iface.getName() + "#" + name + String.join(",", paramTypes);
        Method m = methods.get(key);
        if (m != null) return m;
        for (Method candidate : iface.getMethods()) {
            if (!candidate.getName().equals(name) || candidate.getParameterCount() != paramTypes.length) continue;
            Class<?>[] p = candidate.getParameterTypes();
            boolean match = true;
            for (int i = 0; i < p.length && match; i++) match = p[i].getName().equals(paramTypes[i]);
            if (match) {
                methods.put(key, candidate);
                return candidate;
            }
        }
        throw new NoSuchMethodException(iface.getName() + " has no method " + name + "(" + String.join(", ", paramTypes)
                + ")");
    }

    /** What the manager's server process runs: a serializable description of the server to start. */
    public record Spec(String address, byte[] authkey, Map<String, Builtins.Type> registered) implements Serializable {
    }
}

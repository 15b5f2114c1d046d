package org.multiprocessing4j.managers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Lock;

import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Listener;
import org.multiprocessing4j.connection.Pipe;
import org.multiprocessing4j.function.SerializableSupplier;
import org.multiprocessing4j.internal.Identity;
import org.multiprocessing4j.internal.RuntimeDir;
import org.multiprocessing4j.internal.managers.Builtins;
import org.multiprocessing4j.internal.managers.Created;
import org.multiprocessing4j.internal.managers.Endpoint;
import org.multiprocessing4j.internal.managers.ManagerMain;
import org.multiprocessing4j.internal.managers.ManagerServer;
import org.multiprocessing4j.internal.managers.RemoteHandler;
import org.multiprocessing4j.internal.managers.Reply;

/**
 * A server process that holds shared objects, and the factory of proxies to them — Python's
 * {@code multiprocessing.Manager()} / {@code SyncManager} / {@code BaseManager}.
 *
 * <p>{@link #start()} launches the server (a daemon {@link JvmProcess}) listening on a Unix socket in this
 * program's private runtime directory, authenticated with the program's authkey. {@link #map()}, {@link #list()},
 * {@link #queue()}, {@link #lock()} ... create an object in the server and return a proxy that implements the JDK
 * interface where one fits ({@link Map}, {@link List}, {@link BlockingQueue}, {@link Lock}) and a small interface of
 * this package otherwise. Every call on a proxy runs on the server, so the object is shared by every thread of every
 * process that holds the proxy; proxies are serializable: pass them to a child process and it talks to the same
 * manager. Types of your own are made available with {@link Builder#register} (Python's {@code register}).
 *
 * <p><b>Remote managers.</b> {@link Builder#address} with an {@link InetSocketAddress} and {@link Builder#authkey}
 * serve over TCP; {@link #connect} attaches to a running manager from any JVM that knows the address and the key.
 * TCP requests are decoded through a deserialization filter (JDK and library classes; set {@code jdk.serialFilter}
 * to allow your own classes as values).
 *
 * <p><b>Semantics.</b> Values go to the server and come back as copies, as in Python: {@code map.get(k).add(x)}
 * changes a copy; put it back with {@code map.put(k, v)}. Views ({@code keySet()}, {@code iterator()}, ...) are
 * read-only snapshots. Objects live until the manager shuts down (no reference counting). A lock belongs to the
 * calling thread: each thread of each process has its own connection to the manager.
 *
 * <p><b>Failures, timeouts and interruption.</b> A call to a manager that has ended or cannot be reached throws
 * {@link ManagerException} at once; a call in progress when the manager dies throws it as soon as the connection
 * drops. An exception thrown by the shared object is rethrown by the proxy. A thread interrupted while waiting for a
 * blocking call (a queue's {@code take}, a lock) gets {@link InterruptedException} where the method declares it
 * (else a {@link ManagerException}, with the interrupt status set); the server interrupts that call too.
 *
 * <p><b>Memory consistency effects:</b> actions before a call on a proxy happen-before the call's effect on the
 * shared object, which happens-before the return of any later call that observes it, in any process.
 */
public final class Manager implements AutoCloseable {
    private final Endpoint endpoint;
    private final JvmProcess process; // null when connected to a manager started elsewhere
    private volatile boolean closed;

    private Manager(Endpoint endpoint, JvmProcess process) {
        this.endpoint = Endpoint.canonical(endpoint);
        this.process = process;
    }

    /**
     * Starts a manager with the defaults: a server process on a private Unix socket, authenticated with this
     * program's authkey. Waits until it listens.
     *
     * @return the running manager
     * @throws ManagerException if the server process cannot start or listen
     */
    public static Manager start() {
        return builder().start();
    }

    /**
     * Attaches to a running manager (started elsewhere, perhaps on another machine). Fails at once with
     * {@link ManagerException} if it cannot be reached or the key is wrong.
     *
     * @param address the manager's address, as {@link #address()} reports it where it runs
     * @param authkey the manager's key
     * @return a manager handle; its {@link #shutdown()} ends the remote manager
     * @throws ManagerException if the manager cannot be reached or the key is wrong
     */
    public static Manager connect(SocketAddress address, byte[] authkey) {
        Manager m = new Manager(new Endpoint(address, authkey), null);
        m.ping();
        return m;
    }

    /** {@return a builder for a manager with an address, an authkey or types of your own} */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a manager to start or serve. */
    public static final class Builder {
        private SocketAddress address;
        private byte[] authkey;
        private final Map<String, Builtins.Type> registered = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Sets where to listen: a Unix socket path or a TCP address (port 0: any free port). Default: a private
         * socket.
         *
         * @param address a {@link UnixDomainSocketAddress} or an {@link InetSocketAddress}
         * @return this builder
         * @throws NullPointerException if {@code address} is null
         */
        public Builder address(SocketAddress address) {
            this.address = Objects.requireNonNull(address);
            return this;
        }

        /**
         * Sets the key clients must prove. Default: this program's authkey (inherited by its child processes);
         * required for TCP.
         *
         * @param authkey the key, copied
         * @return this builder
         * @throws NullPointerException if {@code authkey} is null
         */
        public Builder authkey(byte[] authkey) {
            this.authkey = authkey.clone();
            return this;
        }

        /**
         * Python's {@code register(typeid, callable)}: {@link Manager#create(String, Class, Object...)} with
         * {@code typeid} makes an object with {@code factory} in the server; proxies implement {@code iface}, and
         * only its methods can be called.
         *
         * @param <T> the type of the shared objects
         * @param typeid the name of the type, replacing an earlier registration of the same name
         * @param iface the interface proxies implement
         * @param factory makes an object in the server (its arguments to {@code create} are ignored)
         * @return this builder
         * @throws IllegalArgumentException if {@code iface} is not an interface
         * @throws NullPointerException if {@code factory} is null
         */
        public <T> Builder register(String typeid, Class<T> iface, SerializableSupplier<? extends T> factory) {
            if (!iface.isInterface()) throw new IllegalArgumentException(iface.getName() + " is not an interface");
            Objects.requireNonNull(factory);
            registered.put(typeid, new Builtins.Type(iface, args -> factory.get()));
            return this;
        }

        private byte[] key() {
            return authkey != null ? authkey : Identity.authkey();
        }

        private String where() {
            SocketAddress a = address;
            if (a == null) {
                a = UnixDomainSocketAddress.of(RuntimeDir.get().resolve(
                        "m-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ".sock"));
            }
            if (a instanceof InetSocketAddress && authkey == null) {
                throw new IllegalArgumentException("a manager on TCP needs an explicit authkey (Builder.authkey)");
            }
            return new Endpoint(a, key()).address();
        }

        /**
         * Starts the server process and waits until it listens (at most 120 s).
         *
         * @return the running manager
         * @throws ManagerException if it cannot start or listen (the message says why)
         * @throws IllegalArgumentException for a TCP address without an explicit {@link #authkey}
         */
        public Manager start() {
            ManagerServer.Spec spec = new ManagerServer.Spec(where(), key(), new LinkedHashMap<>(registered));
            Pipe pipe;
            try {
                pipe = Pipe.open(false);
            } catch (IOException e) {
                throw new ManagerException("cannot start a manager: " + e, e);
            }
            Connection report = pipe.second();
            JvmProcess p = JvmProcess.of(Builder::serve, new Object[] {spec, report}).daemon(true).name("Manager");
            try (pipe) {
                p.start();
                report.close();
                if (!pipe.first().poll(Duration.ofSeconds(120))) throw new IOException("it did not report in 120 s");
                String answer = (String) pipe.first().recv();
                if (!answer.startsWith("ok:")) throw new IOException(answer.substring(4));
                return new Manager(new Endpoint(ManagerMain.address(answer.substring(3)), key()), p);
            } catch (IOException | RuntimeException e) {
                if (p.isAlive()) p.kill();
                throw new ManagerException("the manager process did not start: " + e.getMessage(), e);
            }
        }

        private static void serve(Object[] specAndReport) {
            ManagerMain.run((ManagerServer.Spec) specAndReport[0], (Connection) specAndReport[1]);
        }

        /**
         * Serves in this JVM until a client calls {@link Manager#shutdown()} — Python's
         * {@code get_server().serve_forever()}. {@code ready} (may be null) receives the address once listening.
         *
         * @param ready receives the address clients connect to once the server listens, or null
         * @throws IOException if the server cannot listen
         * @throws IllegalArgumentException for a TCP address without an explicit {@link #authkey}
         */
        public void serveForever(java.util.function.Consumer<SocketAddress> ready) throws IOException {
            String where = where();
            Listener l = Listener.bind(ManagerMain.address(where), key());
            ManagerServer server = new ManagerServer(l, new LinkedHashMap<>(registered));
            if (ready != null) ready.accept(l.address());
            server.serveForever();
        }
    }

    // ---------------------------------------------------------------- shared objects

    /**
     * A shared {@code dict} — Python's {@code Manager().dict()}.
     *
     * @param <K> the key type
     * @param <V> the value type
     * @return a proxy to a new empty map in the server
     * @throws ManagerException if the manager has been shut down, has ended or cannot be reached
     */
    @SuppressWarnings("unchecked")
    public <K, V> Map<K, V> map() {
        return create("dict", Map.class);
    }

    /**
     * A shared {@code list} — Python's {@code Manager().list()}.
     *
     * @param <E> the element type
     * @return a proxy to a new empty list in the server
     * @throws ManagerException if the manager has been shut down, has ended or cannot be reached
     */
    @SuppressWarnings("unchecked")
    public <E> List<E> list() {
        return create("list", List.class);
    }

    /**
     * A shared {@code Namespace} — Python's {@code Manager().Namespace()}.
     *
     * @return a proxy to a new empty namespace in the server
     * @throws ManagerException if the manager has been shut down, has ended or cannot be reached
     */
    public Namespace namespace() {
        return create("Namespace", Namespace.class);
    }

    /**
     * An unbounded shared queue ({@code queue.Queue} in the server) — Python's {@code Manager().Queue()}.
     *
     * @param <E> the element type
     * @return a proxy to a new queue in the server
     * @throws ManagerException if the manager has been shut down, has ended or cannot be reached
     */
    public <E> BlockingQueue<E> queue() {
        return queue(0);
    }

    /**
     * A shared queue of at most {@code maxsize} items — Python's {@code Manager().Queue(maxsize)}.
     *
     * @param <E> the element type
     * @param maxsize the bound; zero or negative for an unbounded queue
     * @return a proxy to a new queue in the server
     * @throws ManagerException if the manager has been shut down, has ended or cannot be reached
     */
    @SuppressWarnings("unchecked")
    public <E> BlockingQueue<E> queue(int maxsize) {
        return create("Queue", BlockingQueue.class, maxsize);
    }

    /**
     * Python's {@code Lock}: not reentrant; any thread may unlock it.
     *
     * @return a proxy to a new lock in the server
     * @throws ManagerException if the manager has been shut down, has ended or cannot be reached
     */
    public Lock lock() {
        return create("Lock", Lock.class);
    }

    /**
     * Python's {@code RLock}: reentrant, owned by the locking thread.
     *
     * @return a proxy to a new reentrant lock in the server
     * @throws ManagerException if the manager has been shut down, has ended or cannot be reached
     */
    public Lock rlock() {
        return create("RLock", Lock.class);
    }

    /**
     * Python's {@code Semaphore(value)}.
     *
     * @param permits the initial number of permits
     * @return a proxy to a new semaphore in the server
     * @throws ManagerException if the manager has been shut down, has ended or cannot be reached
     */
    public ManagedSemaphore semaphore(int permits) {
        return create("Semaphore", ManagedSemaphore.class, permits);
    }

    /**
     * Python's {@code BoundedSemaphore(value)}: releasing above {@code permits} throws {@link IllegalStateException}.
     *
     * @param permits the initial and maximum number of permits
     * @return a proxy to a new bounded semaphore in the server
     * @throws ManagerException if the manager has been shut down, has ended or cannot be reached
     */
    public ManagedSemaphore boundedSemaphore(int permits) {
        return create("BoundedSemaphore", ManagedSemaphore.class, permits);
    }

    /**
     * Python's {@code Event()}, initially clear.
     *
     * @return a proxy to a new event in the server
     * @throws ManagerException if the manager has been shut down, has ended or cannot be reached
     */
    public ManagedEvent event() {
        return create("Event", ManagedEvent.class);
    }

    /**
     * Python's {@code Condition()}: a reentrant lock and its condition.
     *
     * @return a proxy to a new condition in the server
     * @throws ManagerException if the manager has been shut down, has ended or cannot be reached
     */
    public ManagedCondition condition() {
        return create("Condition", ManagedCondition.class);
    }

    /**
     * Python's {@code Barrier(parties)}.
     *
     * @param parties the number of parties that trip the barrier
     * @return a proxy to a new barrier in the server
     * @throws ManagerException if the manager has been shut down, has ended or cannot be reached
     */
    public ManagedBarrier barrier(int parties) {
        return create("Barrier", ManagedBarrier.class, parties);
    }

    /**
     * Python's {@code Value(typecode, value)}: one value, read and written through the proxy.
     *
     * @param <T> the type of the value
     * @param initial the initial value, copied to the server
     * @return a proxy to a new value in the server
     * @throws ManagerException if the manager has been shut down, has ended or cannot be reached
     */
    @SuppressWarnings("unchecked")
    public <T> ManagedValue<T> value(T initial) {
        return create("Value", ManagedValue.class, initial);
    }

    /**
     * Python's {@code Array(typecode, sequence)}: a fixed-size list ({@code set} works, {@code add} does not).
     *
     * @param <T> the element type
     * @param initial the elements, copied to the server
     * @return a proxy to a new fixed-size list in the server
     * @throws ManagerException if the manager has been shut down, has ended or cannot be reached
     */
    @SafeVarargs
    @SuppressWarnings("unchecked")
    public final <T> List<T> array(T... initial) {
        return create("Array", List.class, (Object) initial.clone());
    }

    /**
     * Creates an object of a type registered with {@link Builder#register} (or a built-in type id: {@code dict},
     * {@code list}, {@code Namespace}, {@code Queue}, {@code Lock}, {@code RLock}, ...) and returns its proxy.
     *
     * @param <T> the type of the proxy
     * @param typeid the type id
     * @param iface the interface the proxy implements
     * @param args the arguments of the type's factory, copied to the server
     * @return a proxy to the new object
     * @throws IllegalArgumentException if the manager knows no such type
     * @throws ManagerException if the manager has been shut down, has ended or cannot be reached
     */
    public <T> T create(String typeid, Class<T> iface, Object... args) {
        checkOpen();
        Reply r = call("create", typeid, args);
        Created c = (Created) r.value();
        return RemoteHandler.proxy(iface, endpoint, c.id(), typeid);
    }

    // ---------------------------------------------------------------- lifetime

    /** {@return the address clients connect to} */
    public SocketAddress address() {
        return endpoint.socketAddress();
    }

    /** {@return the server process's pid, or empty when this manager was {@linkplain #connect connected to}} */
    public OptionalLong pid() {
        return process == null ? OptionalLong.empty() : process.pid();
    }

    /** {@return true while the manager answers} Asks the server; never throws. */
    public boolean isAlive() {
        if (closed || (process != null && !process.isAlive())) return false;
        try {
            ping();
            return true;
        } catch (ManagerException e) {
            return false;
        }
    }

    private void ping() {
        call("ping");
    }

    /**
     * Stops the manager: asks the server to end (objects are gone; proxies then throw {@link ManagerException}),
     * and, for a manager started here, waits for its process (killing it if it does not end within 10 s).
     * Idempotent; also for a manager that has already died.
     */
    public void shutdown() {
        if (closed) return;
        closed = true;
        try {
            call("shutdown");
        } catch (ManagerException e) {
            // already gone
        }
        endpoint.closeAll();
        if (process != null) {
            try {
                if (!process.join(Duration.ofSeconds(10))) process.kill();
                process.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                process.kill();
                Thread.currentThread().interrupt();
            }
            process.close();
        }
    }

    /** {@link #shutdown()}. */
    @Override
    public void close() {
        shutdown();
    }

    private void checkOpen() {
        if (closed) throw new ManagerException("the manager has been shut down");
    }

    private Reply call(String method, Object... args) {
        Reply r;
        try {
            r = endpoint.call(0, method, new String[0], args, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ManagerException("interrupted while talking to the manager", e);
        }
        if (!r.ok()) {
            Throwable t = (Throwable) r.value();
            if (t instanceof RuntimeException re) throw re;
            throw new ManagerException("the manager failed: " + t, t);
        }
        return r;
    }

    @Override
    public String toString() {
        return "Manager[" + endpoint.address() + (closed ? ", shut down]" : "]");
    }
}

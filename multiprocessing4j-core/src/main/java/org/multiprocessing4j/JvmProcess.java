package org.multiprocessing4j;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.multiprocessing4j.codec.EncodingException;
import org.multiprocessing4j.connection.Sentinel;
import org.multiprocessing4j.function.SerializableBiConsumer;
import org.multiprocessing4j.function.SerializableConsumer;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.internal.codec.JavaSerializationCodec;
import org.multiprocessing4j.internal.process.ChildBootstrap;
import org.multiprocessing4j.internal.process.ChildHandle;
import org.multiprocessing4j.internal.process.LaunchSpec;
import org.multiprocessing4j.internal.process.Launcher;
import org.multiprocessing4j.internal.process.ProcessRuntime;
import org.multiprocessing4j.internal.process.RunOrder;

/**
 * A task running in its own JVM — Python's {@code multiprocessing.Process}.
 *
 * <p>Give it a target ({@code new JvmProcess(() -> work(a, b))}, {@link #of(SerializableConsumer, Object)}), or
 * subclass it and override {@link #run()}. {@link #start()} launches a fresh JVM from the same {@code java} with
 * this program's class path, sends it this object (serialized, with the target and everything it captures), and
 * returns at once; the child runs {@link #run()} and ends.
 *
 * <p><b>Exit codes</b> follow Python: 0 when {@code run()} returns, 1 on an uncaught exception (its stack trace
 * goes to the child's stderr), {@code n} for {@link SystemExit SystemExit(n)}, {@code -N} when ended by signal N
 * ({@link #terminate()} gives -15, {@link #kill()} -9).
 *
 * <p><b>Lifetime.</b> A daemon child ends when its parent ends, however the parent ends (even SIGKILL): its control
 * connection closes and it halts. A non-daemon child runs to its end, and a parent that exits normally first waits
 * for its non-daemon children, as in Python. Settings (name, daemon, JVM options, ...) are fixed by {@code start()}.
 *
 * <p><b>Threads.</b> Methods may be called from any thread. {@link #join()} may be called by several threads at once.
 *
 * <p>Memory consistency effects: actions in the parent prior to {@code start()} happen-before the child runs its
 * target, and the child's actions happen-before a {@code join()} that returns true observes its end — for
 * everything the child communicated through a connection, queue or shared memory.
 */
public class JvmProcess implements AutoCloseable, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Set<JvmProcess> CHILDREN = ConcurrentHashMap.newKeySet();
    private static final Object HOOK_LOCK = new Object();
    private static boolean hookInstalled;
    private static volatile JvmProcess current;
    private static volatile JvmProcess parent;

    static {
        ChildBootstrap.Holder.set(new ChildBootstrap() {
            @Override
            public int run(RunOrder order) {
                return runAsChild(order);
            }

            @Override
            public byte[] trainingProcess() {
                try {
                    return new JavaSerializationCodec(null).encode(
                            new JvmProcess(JvmProcess::trainingNoop, new int[0], "warm-up"));
                } catch (EncodingException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void warmUp() {
                try (ObjectInputStream in = new ContextLoaderInput(trainingProcess())) {
                    in.readObject();
                } catch (IOException | ClassNotFoundException e) {
                    // only a warm-up: the real decode reports its own errors
                }
            }
        });
    }

    /** The task {@link #run()} calls, or null. */
    private final SerializableRunnable target;
    /** The position in the process tree: the parent's identity followed by this child's number. */
    private final int[] identity;
    /** The label, {@code JvmProcess-N} unless set. */
    private String name;
    /** Whether the child ends with its parent. */
    private boolean daemon;

    private transient Context context = Context.defaultContext();
    private transient List<String> jvmOptions = new ArrayList<>();
    private transient Map<String, String> systemProperties = new LinkedHashMap<>();
    private transient Map<String, String> environment = new LinkedHashMap<>();
    private transient Path workingDirectory;
    private transient Redirect stdout;
    private transient Redirect stderr;
    /** Started child, else null. */
    private transient volatile ChildHandle child;
    /** For the current process and its parent: the OS process. */
    private transient volatile ProcessHandle other;
    private transient volatile boolean closed;
    private transient volatile Sentinel sentinel;

    /** A process that runs {@link #run()}: for subclasses that override it. */
    public JvmProcess() {
        this(null);
    }

    /**
     * A process that runs {@code target}, named {@code JvmProcess-N}.
     *
     * @param target the task, serialized to the child with everything it captures; null to run nothing
     */
    public JvmProcess(SerializableRunnable target) {
        this.target = target;
        int[] parentId = currentProcess().identity;
        this.identity = Arrays.copyOf(parentId, parentId.length + 1);
        this.identity[parentId.length] = COUNTER.incrementAndGet();
        String cls = getClass().getSimpleName().isEmpty() ? "JvmProcess" : getClass().getSimpleName();
        StringBuilder n = new StringBuilder(cls).append('-');
        for (int i = 0; i < identity.length; i++) n.append(i == 0 ? "" : ":").append(identity[i]);
        this.name = n.toString();
    }

    /** A process object outside the process tree's numbering: for warm-up and AOT training only. */
    private JvmProcess(SerializableRunnable target, int[] identity, String name) {
        this.target = target;
        this.identity = identity;
        this.name = name;
    }

    private JvmProcess(String name, int[] identity, ProcessHandle os) {
        this.target = null;
        this.identity = identity;
        this.name = name;
        this.other = os;
    }

    /**
     * A process that runs {@code target.accept(arg)}.
     *
     * @param <A> the argument's type
     * @param target the task
     * @param arg its argument, serialized to the child with it
     * @return the new process, not started
     */
    public static <A> JvmProcess of(SerializableConsumer<? super A> target, A arg) {
        return new JvmProcess(new Call1<>(target, arg));
    }

    /**
     * A process that runs {@code target.accept(a, b)}.
     *
     * @param <A> the first argument's type
     * @param <B> the second argument's type
     * @param target the task
     * @param a its first argument
     * @param b its second argument
     * @return the new process, not started
     */
    public static <A, B> JvmProcess of(SerializableBiConsumer<? super A, ? super B> target, A a, B b) {
        return new JvmProcess(new Call2<>(target, a, b));
    }

    // Plain classes rather than lambdas or records: a fresh JVM decodes them by reflection, while a serialized lambda
    // costs it a generated class and a record a chain of method handles (tens of milliseconds for the first one).
    private static final class Call1<A> implements SerializableRunnable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final SerializableConsumer<? super A> target;
        private final A arg;

        Call1(SerializableConsumer<? super A> target, A arg) {
            this.target = target;
            this.arg = arg;
        }

        @Override
        public void run() {
            target.accept(arg);
        }
    }

    private static final class Call2<A, B> implements SerializableRunnable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final SerializableBiConsumer<? super A, ? super B> target;
        private final A a;
        private final B b;

        Call2(SerializableBiConsumer<? super A, ? super B> target, A a, B b) {
            this.target = target;
            this.a = a;
            this.b = b;
        }

        @Override
        public void run() {
            target.accept(a, b);
        }
    }

    /** The process's work, run in the child. Calls the target; override it in a subclass instead of giving one. */
    public void run() {
        if (target != null) target.run();
    }

    // ---------------------------------------------------------------- settings

    /**
     * Sets the name; it is only a label (Python's {@code name}), default {@code JvmProcess-N}.
     *
     * @param name the name
     * @return this process
     */
    public JvmProcess name(String name) {
        this.name = java.util.Objects.requireNonNull(name);
        return this;
    }

    /** {@return the name} */
    public String name() {
        return name;
    }

    /**
     * Makes the child a daemon: it ends when this process ends. Default false.
     *
     * @param daemon true for a daemon
     * @return this process
     * @throws IllegalStateException after {@link #start()}
     */
    public JvmProcess daemon(boolean daemon) {
        checkNotStarted();
        this.daemon = daemon;
        return this;
    }

    /** {@return true if the child is a daemon} */
    public boolean isDaemon() {
        return daemon;
    }

    /**
     * The context whose settings the child starts with; default {@link Context#defaultContext()}.
     *
     * @param context the context
     * @return this process
     * @throws IllegalStateException after {@link #start()}
     */
    public JvmProcess context(Context context) {
        checkNotStarted();
        this.context = java.util.Objects.requireNonNull(context);
        return this;
    }

    /**
     * JVM options for this child only, after the context's (e.g. {@code -Xmx256m}). A child with settings of its own
     * never takes a warm spare.
     *
     * @param options the options
     * @return this process
     * @throws IllegalStateException after {@link #start()}
     */
    public JvmProcess jvmOptions(String... options) {
        checkNotStarted();
        jvmOptions.addAll(List.of(options));
        return this;
    }

    /**
     * A system property for this child only.
     *
     * @param key the name
     * @param value the value
     * @return this process
     * @throws IllegalStateException after {@link #start()}
     */
    public JvmProcess systemProperty(String key, String value) {
        checkNotStarted();
        systemProperties.put(key, value);
        return this;
    }

    /**
     * An environment variable for this child only.
     *
     * @param key the name
     * @param value the value
     * @return this process
     * @throws IllegalStateException after {@link #start()}
     */
    public JvmProcess environment(String key, String value) {
        checkNotStarted();
        environment.put(key, value);
        return this;
    }

    /**
     * This child's working directory (default: the context's).
     *
     * @param dir the directory
     * @return this process
     * @throws IllegalStateException after {@link #start()}
     */
    public JvmProcess workingDirectory(Path dir) {
        checkNotStarted();
        this.workingDirectory = dir;
        return this;
    }

    /**
     * Where this child's stdout goes (default: the context's, which inherits the parent's).
     *
     * @param redirect the destination
     * @return this process
     * @throws IllegalStateException after {@link #start()}
     */
    public JvmProcess redirectOutput(Redirect redirect) {
        checkNotStarted();
        this.stdout = redirect;
        return this;
    }

    /**
     * Where this child's stderr goes (default: the context's, which inherits the parent's).
     *
     * @param redirect the destination
     * @return this process
     * @throws IllegalStateException after {@link #start()}
     */
    public JvmProcess redirectError(Redirect redirect) {
        checkNotStarted();
        this.stderr = redirect;
        return this;
    }

    /** {@return a copy of the authentication key the processes of this program share (Python's {@code authkey})} */
    public byte[] authkey() {
        return org.multiprocessing4j.internal.Identity.authkey().clone();
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Launches the child JVM (or takes a warm spare) and returns without waiting for it to run.
     *
     * @throws IllegalStateException if already started or closed, or if this is not a new process object
     * @throws ProcessStartException if the class path cannot be rebuilt, the target cannot be serialized (the
     *         message names the class and where it was found), or the JVM cannot be launched
     */
    public void start() {
        checkOpen();
        synchronized (this) {
            if (child != null) throw new IllegalStateException("cannot start a process twice");
            if (other != null) throw new IllegalStateException("this object represents a running process; it cannot be started");
            Class<?> targetClass = target == null ? null : target.getClass();
            Launcher.Extra extra = new Launcher.Extra(List.copyOf(jvmOptions), Map.copyOf(systemProperties),
                    Map.copyOf(environment), workingDirectory, stdout, stderr);
            // the caller's target inside an of(...) wrapper: the child's class path must reach its class too
            Object inner = target instanceof Call1<?> c ? c.target : target instanceof Call2<?, ?> c ? c.target : null;
            Class<?> origin = inner == null ? null : inner.getClass();
            LaunchSpec spec = Launcher.spec(context, extra, getClass(), targetClass, origin);
            byte[] self;
            try {
                self = new JavaSerializationCodec(null).encode(this);
            } catch (EncodingException e) {
                throw new ProcessStartException(e.getMessage(), e);
            }
            JvmProcess me = currentProcess();
            String codec = org.multiprocessing4j.internal.process.CodecLoader.nameOf(context.codec());
            byte[] order = new RunOrder(self, daemon, me.name, ProcessHandle.current().pid(), codec).encode();
            ChildHandle h = extra.isEmpty() ? context.spares().take(spec) : null;
            boolean warm = h != null;
            if (h == null) {
                h = ProcessRuntime.get().newChild();
                h.attachProcess(Launcher.launch(spec, h.token()));
            }
            h.run(order);
            h.recordLifetime(name, daemon, warm);
            child = h;
            CHILDREN.add(this);
            installExitHook();
        }
    }

    /**
     * Waits, without a timeout, for the child to end.
     *
     * @throws IllegalStateException if not started, closed, or if this object is the current process
     * @throws InterruptedException if interrupted while waiting; the child is unaffected
     */
    public void join() throws InterruptedException {
        join(-1, TimeUnit.NANOSECONDS);
    }

    /**
     * Waits up to {@code timeout} for the child to end.
     *
     * @param timeout how long to wait
     * @return true if it has ended (then {@link #exitCode()} is present), false on timeout
     * @throws IllegalStateException if not started, closed, or if this object is the current process
     * @throws InterruptedException if interrupted while waiting; the child is unaffected
     */
    public boolean join(Duration timeout) throws InterruptedException {
        return join(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * As {@link #join(Duration)}; a negative timeout waits forever.
     *
     * @param timeout how long to wait, negative for ever
     * @param unit the unit of {@code timeout}
     * @return true if it has ended (then {@link #exitCode()} is present), false on timeout
     * @throws IllegalStateException if not started, closed, or if this object is the current process
     * @throws InterruptedException if interrupted while waiting; the child is unaffected
     */
    public boolean join(long timeout, TimeUnit unit) throws InterruptedException {
        checkOpen();
        if (this == current) throw new IllegalStateException("a process cannot join itself");
        ChildHandle h = child;
        if (h == null) {
            if (other != null) {
                try {
                    if (timeout < 0) other.onExit().get();
                    else other.onExit().get(timeout, unit);
                    return true;
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    return !other.isAlive();
                }
            }
            throw new IllegalStateException("can only join a started process");
        }
        boolean ended = h.awaitExit(timeout, unit);
        if (ended) CHILDREN.remove(this);
        return ended;
    }

    /**
     * {@return true from {@link #start()} until the child has ended, false before start; always true for the current
     * process}
     *
     * @throws IllegalStateException if closed
     */
    public boolean isAlive() {
        checkOpen();
        if (this == current) return true;
        ChildHandle h = child;
        if (h != null) return h.process().isAlive();
        return other != null && other.isAlive();
    }

    /**
     * {@return the exit code once the child has ended (see the class comment); empty while it runs, before start, and
     * for the current and the parent process}
     *
     * @throws IllegalStateException if closed
     */
    public OptionalInt exitCode() {
        checkOpen();
        ChildHandle h = child;
        if (h == null || h.process().isAlive()) return OptionalInt.empty();
        try {
            h.awaitExit(0, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OptionalInt.of(h.exitCode());
    }

    /**
     * {@return the operating system's process id once started (also for the current and the parent process); empty
     * before}
     *
     * @throws IllegalStateException if closed
     */
    public OptionalLong pid() {
        checkOpen();
        if (this == current) return OptionalLong.of(ProcessHandle.current().pid());
        ChildHandle h = child;
        if (h != null) return OptionalLong.of(h.process().pid());
        return other != null ? OptionalLong.of(other.pid()) : OptionalLong.empty();
    }

    /**
     * A handle that becomes ready when the child ends, for {@link org.multiprocessing4j.connection.Connections#wait}.
     * The same object every time; {@link #close()} closes it.
     *
     * @return the sentinel
     * @throws IllegalStateException if not started or closed
     */
    public Sentinel sentinel() {
        checkOpen();
        Sentinel s = sentinel;
        if (s != null) return s;
        synchronized (this) {
            if (sentinel == null) {
                long pid = pid().orElseThrow(() -> new IllegalStateException("process not started"));
                ChildHandle h = child;
                sentinel = Sentinel.forProcess(pid, h != null ? h.process().toHandle() : other);
            }
            return sentinel;
        }
    }

    /**
     * Asks the child to end (SIGTERM); its exit code becomes -15. No effect once it has ended.
     *
     * @throws IllegalStateException if not started or closed
     */
    public void terminate() {
        started().destroy();
    }

    /**
     * Ends the child at once (SIGKILL); its exit code becomes -9. No effect once it has ended.
     *
     * @throws IllegalStateException if not started or closed
     */
    public void kill() {
        started().destroyForcibly();
    }

    /**
     * Releases this object's resources. Later calls to most methods throw {@link IllegalStateException}.
     *
     * @throws IllegalStateException if the child is still running (join or terminate it first)
     */
    @Override
    public void close() {
        if (closed) return;
        ChildHandle h = child;
        if (h != null && h.process().isAlive()) {
            throw new IllegalStateException("cannot close a process while it is still running; call join() or "
                    + "terminate() first");
        }
        closed = true;
        CHILDREN.remove(this);
        Sentinel s = sentinel;
        if (s != null) s.close();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("<").append(getClass().getSimpleName().isEmpty() ? "JvmProcess" : getClass().getSimpleName())
                .append(" name='").append(name).append('\'');
        if (closed) return b.append(" closed>").toString();
        ChildHandle h = child;
        if (this == current) b.append(" started");
        else if (h == null && other == null) b.append(" initial");
        else {
            OptionalLong pid = pid();
            pid.ifPresent(p -> b.append(" pid=").append(p));
            if (h != null && !h.process().isAlive()) b.append(" stopped exitcode=").append(exitCode().orElse(0));
            else b.append(" started");
        }
        if (daemon) b.append(" daemon");
        return b.append('>').toString();
    }

    private Process started() {
        checkOpen();
        ChildHandle h = child;
        if (h == null) throw new IllegalStateException("process not started");
        return h.process();
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("process object is closed");
    }

    private void checkNotStarted() {
        checkOpen();
        if (child != null || other != null) throw new IllegalStateException("process has already started");
    }

    // ---------------------------------------------------------------- the process tree

    /** The process this code runs in: {@code MainProcess} in the program's first JVM, the child's object in a child. */
    static JvmProcess currentProcess() {
        JvmProcess c = current;
        if (c == null) {
            synchronized (JvmProcess.class) {
                if (current == null) current = new JvmProcess("MainProcess", new int[0], ProcessHandle.current());
                c = current;
            }
        }
        return c;
    }

    static JvmProcess parentProcess() {
        return parent;
    }

    /** Started children that are still alive; ended ones are forgotten, as Python's {@code active_children()}. */
    static List<JvmProcess> activeChildren() {
        List<JvmProcess> alive = new ArrayList<>();
        for (JvmProcess p : CHILDREN) {
            if (p.isAlive()) alive.add(p);
            else CHILDREN.remove(p);
        }
        return alive;
    }

    /** Python's exit handling: at a normal exit, terminate daemon children, then join the others. */
    private static void installExitHook() {
        synchronized (HOOK_LOCK) {
            if (hookInstalled) return;
            hookInstalled = true;
            org.multiprocessing4j.internal.ExitHooks.add(org.multiprocessing4j.internal.ExitHooks.Phase.CHILDREN, JvmProcess::atExit);
        }
    }

    static void atExit() {
        for (JvmProcess p : CHILDREN) {
            if (p.daemon && p.child != null && p.child.process().isAlive()) p.child.process().destroy();
        }
        for (JvmProcess p : CHILDREN) {
            try {
                if (!p.daemon) p.child.process().waitFor();
                else if (!p.child.process().waitFor(1, TimeUnit.SECONDS)) p.child.process().destroyForcibly();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void trainingNoop() {
        // the training run's task: deserializing and running a lambda is what it trains
    }

    /** Runs in the child JVM: becomes the current process and runs. */
    private static int runAsChild(RunOrder order) {
        parent = new JvmProcess(order.parentName(), new int[0], ProcessHandle.of(order.parentPid()).orElse(null));
        JvmProcess self;
        try (ObjectInputStream in = new ContextLoaderInput(order.process())) {
            self = (JvmProcess) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            System.err.println("multiprocessing4j: cannot decode the process object sent by the parent: " + e);
            e.printStackTrace();
            return 1;
        }
        self.restoreTransients();
        current = self;
        try {
            self.run();
            return 0;
        } catch (SystemExit e) {
            if (e.getMessage() != null && !e.getMessage().startsWith("SystemExit(")) System.err.println(e.getMessage());
            return e.code();
        } catch (Throwable t) {
            System.err.println("Process " + self.name + ":");
            t.printStackTrace();
            return 1;
        } finally {
            joinNonDaemonThreads(); // the task's own threads may still put items on queues
            org.multiprocessing4j.internal.ExitHooks.runFlush(); // items put on queues go out before the child ends
            atExit();
        }
    }

    /**
     * As a Python child (and a plain {@code java} program) does, a child ends only when the threads its task left
     * running have ended; the bootstrap halts the JVM afterwards, which would otherwise kill them mid-work.
     */
    private static void joinNonDaemonThreads() {
        Thread me = Thread.currentThread();
        while (true) {
            Thread other = null;
            // The root group lists every platform thread without the safepoint and stack walks of
            // getAllStackTraces(); virtual threads are always daemons.
            ThreadGroup root = me.getThreadGroup();
            while (root.getParent() != null) root = root.getParent();
            Thread[] all = new Thread[root.activeCount() + 16];
            int n = root.enumerate(all, true);
            for (int i = 0; i < n; i++) {
                Thread t = all[i];
                if (t != me && !t.isDaemon() && t.isAlive()) {
                    other = t;
                    break;
                }
            }
            if (other == null) return;
            try {
                other.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void restoreTransients() {
        context = Context.defaultContext();
        jvmOptions = new ArrayList<>();
        systemProperties = new LinkedHashMap<>();
        environment = new LinkedHashMap<>();
        other = ProcessHandle.current();
    }

    private static final class ContextLoaderInput extends ObjectInputStream {
        ContextLoaderInput(byte[] data) throws IOException {
            super(new ByteArrayInputStream(data));
        }

        @Override
        protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, ClassLoader.getSystemClassLoader());
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}

package org.multiprocessing4j;

import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.multiprocessing4j.codec.Codec;
import org.multiprocessing4j.connection.Pipe;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.internal.process.Spares;

/**
 * Every tunable of how child JVMs are started and talk, in one immutable place — Python's
 * {@code multiprocessing.get_context()}, with JVM settings instead of a start method.
 *
 * <p>{@link #defaultContext()} serves the static entry points ({@code new JvmProcess(...)}, {@link Multiprocessing});
 * build another with {@link #builder()} and pass it to {@link JvmProcess#context(Context)} (or, later, to a pool).
 * Settings on a single {@link JvmProcess} add to its context's.
 *
 * <p>Defaults, each documented on its builder method: the running JVM's {@code java}; the running JVM's class path
 * (rebuilt from class loaders where needed); tuned worker flags on; an AOT cache when the class path is all jars;
 * no warm spares; stdout and stderr inherited; 1 GiB message limit; {@link Codec#defaultCodec()}.
 */
public final class Context {
    private static final Context DEFAULT = builder().build();

    private final Path javaExecutable;
    private final List<Path> classPath;
    private final List<String> jvmOptions;
    private final Map<String, String> systemProperties;
    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final Redirect stdout;
    private final Redirect stderr;
    private final boolean tunedWorkerFlags;
    private final boolean aotCache;
    private final int warmSpares;
    private final int maxMessageSize;
    private final Codec codec;
    private volatile Spares spares;

    private Context(Builder b) {
        this.javaExecutable = b.javaExecutable;
        this.classPath = b.classPath == null ? null : List.copyOf(b.classPath);
        this.jvmOptions = List.copyOf(b.jvmOptions);
        this.systemProperties = Map.copyOf(b.systemProperties);
        this.environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.environment));
        this.workingDirectory = b.workingDirectory;
        this.stdout = b.stdout;
        this.stderr = b.stderr;
        this.tunedWorkerFlags = b.tunedWorkerFlags;
        this.aotCache = b.aotCache;
        this.warmSpares = b.warmSpares;
        this.maxMessageSize = b.maxMessageSize;
        this.codec = b.codec;
    }

    /** {@return the context used when none is given} */
    public static Context defaultContext() {
        return DEFAULT;
    }

    /** {@return a builder with the default settings} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this context's settings, to derive another context} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.javaExecutable = javaExecutable;
        b.classPath = classPath == null ? null : new ArrayList<>(classPath);
        b.jvmOptions.addAll(jvmOptions);
        b.systemProperties.putAll(systemProperties);
        b.environment.putAll(environment);
        b.workingDirectory = workingDirectory;
        b.stdout = stdout;
        b.stderr = stderr;
        b.tunedWorkerFlags = tunedWorkerFlags;
        b.aotCache = aotCache;
        b.warmSpares = warmSpares;
        b.maxMessageSize = maxMessageSize;
        b.codec = codec;
        return b;
    }

    /**
     * Gets this context ready to start processes fast, and waits up to {@code timeout}: trains the AOT cache when
     * the class path allows one (see {@link Builder#aotCache}) and starts the warm spares, each connected and warmed
     * up. Optional: without it, the first start does the same work in the background (and starts cold). Python's
     * forkserver {@code ensure_running}.
     *
     * @param timeout how long to wait
     * @return true when everything is ready in time
     * @throws InterruptedException if interrupted while waiting; what was started keeps starting
     */
    public boolean prestart(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean ok = !aotCache || org.multiprocessing4j.internal.process.Launcher.prepareAotCache(this, timeout.toNanos());
        return spares().prestart(Math.max(0, deadline - System.nanoTime())) && ok;
    }

    /**
     * A process of this context running {@code target}, as {@code new JvmProcess(target).context(this)}.
     *
     * @param target the task
     * @return the new process, not started
     */
    public JvmProcess process(SerializableRunnable target) {
        return new JvmProcess(target).context(this);
    }

    /**
     * A pipe whose ends accept messages of at most {@link #maxMessageSize()} bytes, as
     * {@link Pipe#open(boolean, int)}.
     *
     * @param duplex true for a duplex pipe, false for a simplex one
     * @return the pipe
     * @throws java.io.IOException if the operating system refuses a socket pair
     */
    public Pipe pipe(boolean duplex) throws java.io.IOException {
        return Pipe.open(duplex, maxMessageSize);
    }

    /** {@return the {@code java} launcher for children} */
    public Path javaExecutable() { return javaExecutable; }

    /** {@return the class path override, or null to use the running JVM's} */
    public List<Path> classPath() { return classPath; }

    /** {@return the JVM options for every child} */
    public List<String> jvmOptions() { return jvmOptions; }

    /** {@return the system properties for every child} */
    public Map<String, String> systemProperties() { return systemProperties; }

    /** {@return the environment variables added for every child} */
    public Map<String, String> environment() { return environment; }

    /** {@return the children's working directory, or null for the parent's} */
    public Path workingDirectory() { return workingDirectory; }

    /** {@return where the children's stdout goes} */
    public Redirect stdout() { return stdout; }

    /** {@return where the children's stderr goes} */
    public Redirect stderr() { return stderr; }

    /** {@return whether children get start-up-friendly flags} */
    public boolean tunedWorkerFlags() { return tunedWorkerFlags; }

    /** {@return whether children use a JDK AOT cache} */
    public boolean aotCache() { return aotCache; }

    /** {@return how many idle JVMs are kept started} */
    public int warmSpares() { return warmSpares; }

    /** {@return the largest message a connection sends or accepts, in bytes} */
    public int maxMessageSize() { return maxMessageSize; }

    /** {@return how values are encoded} */
    public Codec codec() { return codec; }

    /**
     * Ends this context's idle warm spares and starts no more of them, so their JVMs and memory are released before
     * this JVM exits (which ends them anyway). Processes already started, from a spare or not, are not affected;
     * later processes of this context start cold, and {@link #prestart} reports false at once. Idempotent; without
     * warm spares it does nothing.
     */
    public void stopSpares() {
        spares().shutdown();
    }

    /** This context's pool of pre-started JVMs. */
    Spares spares() {
        Spares s = spares;
        if (s == null) {
            synchronized (this) {
                if (spares == null) spares = new Spares(this);
                s = spares;
            }
        }
        return s;
    }

    /** Builds a {@link Context}. Not thread-safe. */
    public static final class Builder {
        private Path javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java");
        private List<Path> classPath;
        private final List<String> jvmOptions = new ArrayList<>();
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path workingDirectory;
        private Redirect stdout = Redirect.INHERIT;
        private Redirect stderr = Redirect.INHERIT;
        private boolean tunedWorkerFlags = true;
        private boolean aotCache = true;
        private int warmSpares;
        private int maxMessageSize = Pipe.DEFAULT_MAX_MESSAGE_SIZE;
        private Codec codec = Codec.defaultCodec();

        private Builder() {}

        /**
         * The {@code java} launcher for children. Default: the running JVM's ({@code java.home}/bin/java).
         *
         * @param java the launcher
         * @return this builder
         */
        public Builder javaExecutable(Path java) {
            this.javaExecutable = Objects.requireNonNull(java);
            return this;
        }

        /**
         * The class path for children, replacing the automatic one. Default: the running JVM's class path, or the
         * URLs of the class loaders that loaded the task (for {@code mvn exec:java} and similar launchers).
         *
         * @param entries the class path entries, copied
         * @return this builder
         */
        public Builder classPath(List<Path> entries) {
            this.classPath = new ArrayList<>(entries);
            return this;
        }

        /**
         * JVM options for every child, e.g. {@code -Xmx512m}; they come after the tuned flags, so they win. Adds to
         * those given before.
         *
         * @param options the options
         * @return this builder
         */
        public Builder jvmOptions(String... options) {
            jvmOptions.addAll(List.of(options));
            return this;
        }

        /**
         * A system property for every child.
         *
         * @param key the name
         * @param value the value
         * @return this builder
         */
        public Builder systemProperty(String key, String value) {
            systemProperties.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        /**
         * An environment variable for every child; the rest of the parent's environment is inherited.
         *
         * @param key the name
         * @param value the value
         * @return this builder
         */
        public Builder environment(String key, String value) {
            environment.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        /**
         * The children's working directory. Default: the parent's.
         *
         * @param dir the directory, or null for the parent's
         * @return this builder
         */
        public Builder workingDirectory(Path dir) {
            this.workingDirectory = dir;
            return this;
        }

        /**
         * Where the children's stdout goes. Default: {@link Redirect#INHERIT}, the parent's stdout.
         *
         * @param redirect the destination
         * @return this builder
         */
        public Builder redirectOutput(Redirect redirect) {
            this.stdout = Objects.requireNonNull(redirect);
            return this;
        }

        /**
         * Where the children's stderr goes. Default: {@link Redirect#INHERIT}, the parent's stderr.
         *
         * @param redirect the destination
         * @return this builder
         */
        public Builder redirectError(Redirect redirect) {
            this.stderr = Objects.requireNonNull(redirect);
            return this;
        }

        /**
         * Whether children get start-up-friendly flags: {@code -XX:+UseSerialGC} (unless your options choose a
         * collector), {@code -XX:-UsePerfData} (no {@code hsperfdata} file) and
         * {@code -XX:UserThreadWaitAttemptsAtExit=0} (a halting child does not wait for threads in native code).
         * Default: true.
         *
         * @param on true for the tuned flags
         * @return this builder
         */
        public Builder tunedWorkerFlags(boolean on) {
            this.tunedWorkerFlags = on;
            return this;
        }

        /**
         * Whether children use a JDK AOT cache (JEP 483/514), trained once per class path in the background and
         * kept under {@code ~/.cache/multiprocessing4j}. Only possible when every class path entry is a jar.
         * Default: true.
         *
         * @param on true for the AOT cache
         * @return this builder
         */
        public Builder aotCache(boolean on) {
            this.aotCache = on;
            return this;
        }

        /**
         * How many idle JVMs to keep started and waiting, so that {@link JvmProcess#start()} takes one instead of
         * launching a JVM (Python's forkserver, without fork). Used only by processes whose JVM settings are the
         * context's own. Default: 0.
         *
         * @param count the number of spares
         * @return this builder
         * @throws IllegalArgumentException if {@code count} is negative
         */
        public Builder warmSpares(int count) {
            if (count < 0) throw new IllegalArgumentException("warmSpares must be >= 0");
            this.warmSpares = count;
            return this;
        }

        /**
         * The largest message a connection sends or accepts. Default: 1 GiB. It bounds a pool's channels to its
         * workers too: a task whose message (argument, a map chunk, and the function) would be larger is refused when
         * submitted, with an {@link org.multiprocessing4j.codec.EncodingException} that says so; a result or an
         * exception larger than this fails its task with a
         * {@link org.multiprocessing4j.pool.MaybeEncodingException}, and the worker goes on. An initializer that
         * does not fit makes building the pool fail.
         *
         * @param bytes the limit in bytes
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is not positive
         */
        public Builder maxMessageSize(int bytes) {
            if (bytes <= 0) throw new IllegalArgumentException("maxMessageSize must be positive");
            this.maxMessageSize = bytes;
            return this;
        }

        /**
         * How values are encoded. Default: {@link Codec#defaultCodec()}.
         *
         * @param codec the codec
         * @return this builder
         */
        public Builder codec(Codec codec) {
            this.codec = Objects.requireNonNull(codec);
            return this;
        }

        /** {@return a context with this builder's settings} */
        public Context build() {
            return new Context(this);
        }
    }
}

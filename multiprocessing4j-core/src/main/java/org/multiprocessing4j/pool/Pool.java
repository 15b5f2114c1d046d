package org.multiprocessing4j.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.codec.EncodingException;
import org.multiprocessing4j.function.SerializableConsumer;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.internal.pool.Launch;
import org.multiprocessing4j.internal.pool.PoolCore;

/**
 * A pool of worker JVMs — Python's {@code multiprocessing.Pool}. See {@link TaskPool} for the API, the Python
 * mapping and the failure, timeout and interruption contract; {@link ThreadPool} is the same API on threads.
 *
 * <pre>{@code
 * try (Pool pool = new Pool(4)) {
 *     List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));
 * }
 * }</pre>
 *
 * <p><b>Workers.</b> {@code processes} JVMs (default {@link Multiprocessing#cpuCount()}) start with the pool, with
 * the {@link Context}'s settings plus the pool's JVM options, {@code -XX:+ExitOnOutOfMemoryError} and an
 * {@code -XX:ErrorFile} in the runtime directory. The initializer runs once in each worker before its first task.
 * With {@code maxTasksPerChild} a worker ends after that many tasks (a map chunk counts as one) and a fresh one
 * replaces it. A worker that dies is replaced; a worker that fails to start, or an initializer that throws, breaks
 * the pool ({@link BrokenProcessPoolException}) instead of retrying forever as CPython does.
 *
 * <p><b>Worker reuse.</b> When a pool without initializer and {@code maxTasksPerChild} ends gracefully
 * ({@code shutdown()} then done, or {@code terminate()}/{@code close()} while idle), its idle workers go to a
 * process-wide cache that the next pool with the same Context and JVM options takes from: a second pool starts in
 * milliseconds. Such a worker is the same JVM, so static state set by earlier tasks survives; turn reuse off with
 * {@link Builder#reuseWorkers(boolean)}.
 *
 * <p><b>Stderr.</b> Workers' stderr (when the Context inherits it) is captured in the runtime directory and copied
 * to this process's stderr, so that the last lines can be quoted when a worker dies.
 *
 * <p>Memory consistency effects: see {@link TaskPool}.
 */
public final class Pool extends PoolBase {
    /**
     * A pool with {@link Multiprocessing#cpuCount()} workers and the default {@link Context}; the workers start now.
     */
    public Pool() {
        this(builder());
    }

    /**
     * A pool with {@code processes} workers and the default {@link Context}; the workers start now.
     *
     * @param processes the number of workers
     * @throws IllegalArgumentException if {@code processes} is less than 1
     */
    public Pool(int processes) {
        this(builder().processes(processes));
    }

    private Pool(Builder b) {
        super(core(b), b.taskTimeout);
    }

    private static PoolCore core(Builder b) {
        Launch.Launcher launcher = b.inProcess ? Launch.inProcess(b.context) : Launch.jvm(b.context, b.jvmOptions);
        try {
            return new PoolCore(new PoolCore.Config("Pool", b.processes, false, b.initializer, b.maxTasksPerChild,
                    b.context.codec(), launcher, b.reuse && !b.inProcess));
        } catch (EncodingException e) {
            throw new IllegalArgumentException("cannot encode the initializer: " + e.getMessage(), e);
        }
    }

    /** {@return a builder for a pool with an initializer, task timeout, JVM options and other settings} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the process ids of the live workers, a snapshot} */
    public List<Long> workerPids() {
        return core.workerPids();
    }

    /** Builds a {@link Pool}. */
    public static final class Builder {
        private int processes = Multiprocessing.cpuCount();
        private SerializableRunnable initializer;
        private int maxTasksPerChild;
        private Context context = Context.defaultContext();
        private final List<String> jvmOptions = new ArrayList<>();
        private Duration taskTimeout;
        private boolean reuse = true;
        private boolean inProcess;

        private Builder() {}

        /**
         * Sets the number of workers; default {@link Multiprocessing#cpuCount()}.
         *
         * @param n the number of workers
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is less than 1
         */
        public Builder processes(int n) {
            if (n < 1) throw new IllegalArgumentException("Number of processes must be at least 1");
            this.processes = n;
            return this;
        }

        /**
         * Sets code that runs in each worker before its first task (Python's {@code initializer}). If it throws, the
         * pool breaks ({@link BrokenProcessPoolException}).
         *
         * @param initializer the code, or null for none
         * @return this builder
         */
        public Builder initializer(SerializableRunnable initializer) {
            this.initializer = initializer;
            return this;
        }

        /**
         * Python's {@code initializer=f, initargs=(arg,)}: runs {@code initializer.accept(arg)} in each worker before
         * its first task. If it throws, the pool breaks ({@link BrokenProcessPoolException}).
         *
         * @param <A> the type of the argument
         * @param initializer the code
         * @param arg its argument, encoded with the context's codec when the pool is built
         * @return this builder
         * @throws NullPointerException if {@code initializer} is null
         */
        public <A> Builder initializer(SerializableConsumer<? super A> initializer, A arg) {
            Objects.requireNonNull(initializer);
            this.initializer = () -> initializer.accept(arg);
            return this;
        }

        /**
         * Sets how many tasks (a map chunk counts as one) a worker runs before a fresh one replaces it.
         *
         * @param n the number of tasks; 0 (the default) means never
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is negative
         */
        public Builder maxTasksPerChild(int n) {
            if (n < 0) throw new IllegalArgumentException("maxTasksPerChild must be >= 0");
            this.maxTasksPerChild = n;
            return this;
        }

        /**
         * Sets the JVM settings of the workers; default {@link Context#defaultContext()}.
         *
         * @param context the context
         * @return this builder
         * @throws NullPointerException if {@code context} is null
         */
        public Builder context(Context context) {
            this.context = Objects.requireNonNull(context);
            return this;
        }

        /**
         * Adds JVM options for the workers, after the context's (e.g. {@code -Xmx256m}).
         *
         * @param options the options
         * @return this builder
         */
        public Builder jvmOptions(String... options) {
            jvmOptions.addAll(List.of(options));
            return this;
        }

        /**
         * Sets the default task timeout: a task (a map item) running longer fails with {@link TaskTimeoutException}
         * and its worker is killed and replaced.
         *
         * @param timeout the timeout, or null (the default) for none
         * @return this builder
         */
        public Builder taskTimeout(Duration timeout) {
            this.taskTimeout = timeout;
            return this;
        }

        /**
         * Sets whether idle workers are handed to / taken from the process-wide cache; default true.
         *
         * @param reuse whether to reuse workers
         * @return this builder
         */
        public Builder reuseWorkers(boolean reuse) {
            this.reuse = reuse;
            return this;
        }

        /** Tests: workers are threads of this JVM speaking the process protocol over real pipes. */
        Builder inProcessWorkers() {
            this.inProcess = true;
            return this;
        }

        /**
         * Builds the pool; its workers start now.
         *
         * @return a new pool
         * @throws IllegalArgumentException if the initializer cannot be encoded
         */
        public Pool build() {
            return new Pool(this);
        }
    }
}

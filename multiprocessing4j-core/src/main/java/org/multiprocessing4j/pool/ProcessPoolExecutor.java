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
 * Python's {@code concurrent.futures.ProcessPoolExecutor} on worker JVMs, as a JDK {@link java.util.concurrent.ExecutorService}.
 * See {@link PoolExecutor} for the API, the failure, timeout and interruption contract.
 *
 * <p>Workers start on demand, up to {@code maxWorkers} (default {@link Multiprocessing#cpuCount()}), and idle ones are
 * reused (CPython 3.9+). An initializer that throws breaks the executor: outstanding and later tasks fail with
 * {@link BrokenProcessPoolException}, as in CPython. A worker that dies only fails the task it ran (CPython would
 * break the executor). {@code maxTasksPerChild} replaces a worker after that many tasks. Idle workers of an executor
 * without initializer and {@code maxTasksPerChild} are handed to the next pool or executor with the same settings
 * when it shuts down (see {@link Pool}).
 *
 * <p>Memory consistency effects: see {@link PoolExecutor}.
 */
public final class ProcessPoolExecutor extends ExecutorBase {
    /** An executor with up to {@link Multiprocessing#cpuCount()} workers and the default {@link Context}. */
    public ProcessPoolExecutor() {
        this(builder());
    }

    /**
     * An executor with up to {@code maxWorkers} workers and the default {@link Context}.
     *
     * @param maxWorkers the maximum number of workers
     * @throws IllegalArgumentException if {@code maxWorkers} is less than 1
     */
    public ProcessPoolExecutor(int maxWorkers) {
        this(builder().maxWorkers(maxWorkers));
    }

    private ProcessPoolExecutor(Builder b) {
        super(core(b), b.taskTimeout);
    }

    private static PoolCore core(Builder b) {
        Launch.Launcher launcher = b.inProcess ? Launch.inProcess(b.context) : Launch.jvm(b.context, b.jvmOptions);
        try {
            return new PoolCore(new PoolCore.Config("ProcessPoolExecutor", b.maxWorkers, true, b.initializer,
                    b.maxTasksPerChild, b.context.codec(), launcher, b.reuse && !b.inProcess));
        } catch (EncodingException e) {
            throw new IllegalArgumentException("cannot encode the initializer: " + e.getMessage(), e);
        }
    }

    /**
     * {@return a builder for an executor with an initializer, task timeout or other settings}
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the process ids of the live workers, a snapshot} */
    public List<Long> workerPids() {
        return core.workerPids();
    }

    /** Builds a {@link ProcessPoolExecutor}. */
    public static final class Builder {
        private int maxWorkers = Multiprocessing.cpuCount();
        private SerializableRunnable initializer;
        private int maxTasksPerChild;
        private Context context = Context.defaultContext();
        private final List<String> jvmOptions = new ArrayList<>();
        private Duration taskTimeout;
        private boolean reuse = true;
        private boolean inProcess;

        private Builder() {}

        /**
         * Sets the maximum number of workers; default {@link Multiprocessing#cpuCount()}.
         *
         * @param n the maximum number of workers
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is less than 1
         */
        public Builder maxWorkers(int n) {
            if (n < 1) throw new IllegalArgumentException("maxWorkers must be greater than 0");
            this.maxWorkers = n;
            return this;
        }

        /**
         * Sets code that runs in each worker before its first task (Python's {@code initializer}). If it
         * throws, the executor breaks ({@link BrokenProcessPoolException}).
         *
         * @param initializer the code, or null for none
         * @return this builder
         */
        public Builder initializer(SerializableRunnable initializer) {
            this.initializer = initializer;
            return this;
        }

        /**
         * Python's {@code initializer=f, initargs=(arg,)}: runs {@code initializer.accept(arg)} in each worker
         * before its first task. If it throws, the executor breaks ({@link BrokenProcessPoolException}).
         *
         * @param <A> the type of the argument
         * @param initializer the code
         * @param arg its argument, encoded with the context's codec when the executor is built
         * @return this builder
         * @throws NullPointerException if {@code initializer} is null
         */
        public <A> Builder initializer(SerializableConsumer<? super A> initializer, A arg) {
            Objects.requireNonNull(initializer);
            this.initializer = () -> initializer.accept(arg);
            return this;
        }

        /**
         * Sets how many tasks a worker runs before a fresh one replaces it.
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
         * Sets the default task timeout: a task running longer fails with {@link TaskTimeoutException} and its
         * worker is killed and replaced.
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

        /**
         * Tests: workers are threads of this JVM speaking the process protocol over real pipes.
         *
         * @return this builder
         */
        Builder inProcessWorkers() {
            this.inProcess = true;
            return this;
        }

        /**
         * Builds the executor; its workers start on demand.
         *
         * @return a new executor
         * @throws IllegalArgumentException if the initializer cannot be encoded
         */
        public ProcessPoolExecutor build() {
            return new ProcessPoolExecutor(this);
        }
    }
}

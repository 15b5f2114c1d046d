package org.multiprocessing4j.pool;

import java.time.Duration;
import java.util.Objects;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.codec.Codec;
import org.multiprocessing4j.codec.EncodingException;
import org.multiprocessing4j.function.SerializableConsumer;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.internal.pool.PoolCore;

/**
 * The thread twin of {@link ProcessPoolExecutor} — Python's {@code concurrent.futures.ThreadPoolExecutor} with the
 * same {@link PoolExecutor} API (named so as not to clash with {@link java.util.concurrent.ThreadPoolExecutor}).
 * Nothing is encoded; a task timeout or {@code cancel(true)} of a running task interrupts and abandons its thread.
 *
 * <p>Memory consistency effects: see {@link PoolExecutor}.
 */
public final class ThreadExecutor extends ExecutorBase {
    /**
     * An executor with up to {@link Multiprocessing#cpuCount()} threads.
     */
    public ThreadExecutor() {
        this(builder());
    }

    /**
     * An executor with up to {@code maxWorkers} threads.
     *
     * @param maxWorkers the maximum number of threads
     * @throws IllegalArgumentException if {@code maxWorkers} is less than 1
     */
    public ThreadExecutor(int maxWorkers) {
        this(builder().maxWorkers(maxWorkers));
    }

    private ThreadExecutor(Builder b) {
        super(core(b), b.taskTimeout);
    }

    private static PoolCore core(Builder b) {
        try {
            return new PoolCore(new PoolCore.Config("ThreadExecutor", b.maxWorkers, true, b.initializer,
                    b.maxTasksPerChild, Codec.defaultCodec(), null, false));
        } catch (EncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@return a builder for an executor with an initializer, task timeout or other settings}
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ThreadExecutor}. */
    public static final class Builder {
        private int maxWorkers = Multiprocessing.cpuCount();
        private SerializableRunnable initializer;
        private int maxTasksPerChild;
        private Duration taskTimeout;

        private Builder() {}

        /**
         * Sets the maximum number of threads; default {@link Multiprocessing#cpuCount()}.
         *
         * @param n the maximum number of threads
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is less than 1
         */
        public Builder maxWorkers(int n) {
            if (n < 1) throw new IllegalArgumentException("maxWorkers must be greater than 0");
            this.maxWorkers = n;
            return this;
        }

        /**
         * Sets code that runs in each thread before its first task (Python's {@code initializer}). If it
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
         * Python's {@code initializer=f, initargs=(arg,)}: runs {@code initializer.accept(arg)} in each thread
         * before its first task. If it throws, the executor breaks ({@link BrokenProcessPoolException}).
         *
         * @param <A> the type of the argument
         * @param initializer the code
         * @param arg its argument, passed by reference
         * @return this builder
         * @throws NullPointerException if {@code initializer} is null
         */
        public <A> Builder initializer(SerializableConsumer<? super A> initializer, A arg) {
            Objects.requireNonNull(initializer);
            this.initializer = () -> initializer.accept(arg);
            return this;
        }

        /**
         * Sets how many tasks a thread runs before a fresh one replaces it.
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
         * Sets the default task timeout: a task running longer fails with {@link TaskTimeoutException} and its
         * thread is interrupted, abandoned and replaced.
         *
         * @param timeout the timeout, or null (the default) for none
         * @return this builder
         */
        public Builder taskTimeout(Duration timeout) {
            this.taskTimeout = timeout;
            return this;
        }

        /**
         * {@return a new executor with these settings}
         */
        public ThreadExecutor build() {
            return new ThreadExecutor(this);
        }
    }
}

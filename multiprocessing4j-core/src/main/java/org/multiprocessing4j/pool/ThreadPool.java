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
 * The {@link TaskPool} API on threads of this JVM — Python's {@code multiprocessing.pool.ThreadPool}
 * ({@code multiprocessing.dummy.Pool}). Same dispatcher, chunking, ordering and callbacks as {@link Pool}; values
 * are passed by reference (nothing is encoded). A task timeout or {@code cancel(true)} on a running task interrupts
 * its thread and abandons it (a thread cannot be killed); a new thread replaces it. {@code System.exit} in a task
 * ends this JVM.
 *
 * <p>Memory consistency effects: see {@link TaskPool}.
 */
public final class ThreadPool extends PoolBase {
    /** A pool of {@link Multiprocessing#cpuCount()} threads. */
    public ThreadPool() {
        this(builder());
    }

    /**
     * A pool of {@code threads} threads.
     *
     * @param threads the number of threads
     * @throws IllegalArgumentException if {@code threads} is less than 1
     */
    public ThreadPool(int threads) {
        this(builder().threads(threads));
    }

    private ThreadPool(Builder b) {
        super(core(b), b.taskTimeout);
    }

    private static PoolCore core(Builder b) {
        try {
            return new PoolCore(new PoolCore.Config("ThreadPool", b.threads, false, b.initializer, b.maxTasksPerChild,
                    Codec.defaultCodec(), null, false));
        } catch (EncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@return a builder for a pool with an initializer, task timeout or other settings} */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ThreadPool}. */
    public static final class Builder {
        private int threads = Multiprocessing.cpuCount();
        private SerializableRunnable initializer;
        private int maxTasksPerChild;
        private Duration taskTimeout;

        private Builder() {}

        /**
         * Sets the number of threads; default {@link Multiprocessing#cpuCount()}.
         *
         * @param n the number of threads
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is less than 1
         */
        public Builder threads(int n) {
            if (n < 1) throw new IllegalArgumentException("Number of threads must be at least 1");
            this.threads = n;
            return this;
        }

        /**
         * Same as {@link #threads(int)}, for code moved from {@link Pool.Builder}.
         *
         * @param n the number of threads
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is less than 1
         */
        public Builder processes(int n) {
            return threads(n);
        }

        /**
         * Sets code that runs in each thread before its first task (Python's {@code initializer}). If it throws, the
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
         * Python's {@code initializer=f, initargs=(arg,)}: runs {@code initializer.accept(arg)} in each thread before
         * its first task. If it throws, the pool breaks ({@link BrokenProcessPoolException}).
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
         * Sets how many tasks (a map chunk counts as one) a thread runs before a fresh one replaces it.
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
         * Sets the default task timeout: a task (a map item) running longer fails with {@link TaskTimeoutException}
         * and its thread is interrupted, abandoned and replaced.
         *
         * @param timeout the timeout, or null (the default) for none
         * @return this builder
         */
        public Builder taskTimeout(Duration timeout) {
            this.taskTimeout = timeout;
            return this;
        }

        /** {@return a new pool with these settings} */
        public ThreadPool build() {
            return new ThreadPool(this);
        }
    }
}

package org.multiprocessing4j.pool;

import org.multiprocessing4j.Multiprocessing;

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
        super(b.newCore("ThreadPool", false), b.taskTimeout);
    }

    /** {@return a builder for a pool with an initializer, task timeout or other settings} */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ThreadPool}. */
    public static final class Builder extends PoolBuilder<Builder, ThreadPool> {
        private Builder() {}

        /**
         * Sets the number of threads; default {@link Multiprocessing#cpuCount()}.
         *
         * @param n the number of threads
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is less than 1
         */
        public Builder threads(int n) {
            return workers(n, "Number of threads must be at least 1");
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

        @Override
        public ThreadPool build() {
            return new ThreadPool(this);
        }
    }
}

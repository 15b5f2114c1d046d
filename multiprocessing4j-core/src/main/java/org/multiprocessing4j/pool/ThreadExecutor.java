package org.multiprocessing4j.pool;

import org.multiprocessing4j.Multiprocessing;

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
        super(b.newCore("ThreadExecutor", true), b.taskTimeout);
    }

    /**
     * {@return a builder for an executor with an initializer, task timeout or other settings}
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ThreadExecutor}. */
    public static final class Builder extends PoolBuilder<Builder, ThreadExecutor> {
        private Builder() {}

        /**
         * Sets the maximum number of threads; default {@link Multiprocessing#cpuCount()}.
         *
         * @param n the maximum number of threads
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is less than 1
         */
        public Builder maxWorkers(int n) {
            return workers(n, "maxWorkers must be greater than 0");
        }

        @Override
        public ThreadExecutor build() {
            return new ThreadExecutor(this);
        }
    }
}

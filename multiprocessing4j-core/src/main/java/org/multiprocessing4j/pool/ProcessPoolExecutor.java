package org.multiprocessing4j.pool;

import java.util.List;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.Multiprocessing;

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
        super(b.newCore("ProcessPoolExecutor", true), b.taskTimeout);
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
    public static final class Builder extends ProcessPoolBuilder<Builder, ProcessPoolExecutor> {
        private Builder() {}

        /**
         * Sets the maximum number of workers; default {@link Multiprocessing#cpuCount()}.
         *
         * @param n the maximum number of workers
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is less than 1
         */
        public Builder maxWorkers(int n) {
            return workers(n, "maxWorkers must be greater than 0");
        }

        @Override
        public ProcessPoolExecutor build() {
            return new ProcessPoolExecutor(this);
        }
    }
}

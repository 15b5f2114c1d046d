package org.multiprocessing4j.pool;

import java.util.List;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.Multiprocessing;

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
 * the {@link Context}'s settings plus the pool's JVM options, {@code -XX:+ExitOnOutOfMemoryError},
 * {@code -XX:+DisplayVMOutputToStderr} and an {@code -XX:ErrorFile} in the runtime directory. The initializer runs once in each worker before its first task.
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
        super(b.newCore("Pool", false), b.taskTimeout);
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
    public static final class Builder extends ProcessPoolBuilder<Builder, Pool> {
        private Builder() {}

        /**
         * Sets the number of workers; default {@link Multiprocessing#cpuCount()}.
         *
         * @param n the number of workers
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is less than 1
         */
        public Builder processes(int n) {
            return workers(n, "Number of processes must be at least 1");
        }

        @Override
        public Pool build() {
            return new Pool(this);
        }
    }
}

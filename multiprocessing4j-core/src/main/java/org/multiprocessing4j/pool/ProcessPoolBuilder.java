package org.multiprocessing4j.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.multiprocessing4j.Context;
import org.multiprocessing4j.codec.EncodingException;
import org.multiprocessing4j.internal.pool.Launch;
import org.multiprocessing4j.internal.pool.PoolCore;

/**
 * The settings of the builders whose workers are JVMs ({@link Pool.Builder}, {@link ProcessPoolExecutor.Builder}):
 * the JVM settings of the workers and whether idle workers are reused across pools, on top of
 * {@link PoolBuilder}'s. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter
 * @param <P> what {@link #build()} builds
 */
public abstract class ProcessPoolBuilder<B extends ProcessPoolBuilder<B, P>, P> extends PoolBuilder<B, P> {
    Context context = Context.defaultContext();
    final List<String> jvmOptions = new ArrayList<>();
    boolean reuse = true;
    boolean inProcess;
    boolean prefixOutput;
    long resultBatchNanos = PoolCore.RESULT_BATCH_NANOS;

    ProcessPoolBuilder() {}

    /**
     * Sets the JVM settings of the workers; default {@link Context#defaultContext()}.
     *
     * @param context the context
     * @return this builder
     * @throws NullPointerException if {@code context} is null
     */
    public B context(Context context) {
        this.context = Objects.requireNonNull(context);
        return self();
    }

    /**
     * Adds JVM options for the workers, after the context's (e.g. {@code -Xmx256m}).
     *
     * @param options the options
     * @return this builder
     */
    public B jvmOptions(String... options) {
        jvmOptions.addAll(List.of(options));
        return self();
    }

    /**
     * Sets whether idle workers are handed to / taken from the process-wide cache; default true.
     *
     * @param reuse whether to reuse workers
     * @return this builder
     */
    public B reuseWorkers(boolean reuse) {
        this.reuse = reuse;
        return self();
    }

    /**
     * Sets whether each line the workers write to standard output or standard error starts with the worker's name,
     * e.g. {@code [PoolWorker-3] }, to tell apart the output of many workers. Applies to the streams the
     * {@link Context} leaves inherited (the default); the lines then go through a file and reach this process's
     * {@link System#out} and {@link System#err} within about 100 ms. Default false. Workers with and without
     * prefixes are not reused for one another. Workers that a backend runs elsewhere (a cluster's members) write to
     * their host's output, unprefixed.
     *
     * @param on true to prefix worker output
     * @return this builder
     */
    public B prefixOutput(boolean on) {
        this.prefixOutput = on;
        return self();
    }

    /**
     * Sets how long a worker may hold a finished task's result to send it together with the results of the tasks
     * it runs next, while it has more of them at hand: one message for many short tasks instead of one each. A
     * result is sent at once when the worker has nothing more to run, when 64 KiB of results wait, or when this
     * window has passed since the oldest waiting result's task started. Default 50 µs; {@link Duration#ZERO} sends
     * every result at once (the lowest latency per task when a worker holds many short ones, the most messages).
     *
     * @param window the batch window, from zero to one second
     * @return this builder
     * @throws NullPointerException if {@code window} is null
     * @throws IllegalArgumentException if {@code window} is negative or longer than one second
     */
    public B resultBatching(Duration window) {
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("the result batch window must be between 0 and 1 s, not " + window);
        }
        this.resultBatchNanos = window.toNanos();
        return self();
    }

    /** Tests: workers are threads of this JVM speaking the process protocol over real pipes. */
    B inProcessWorkers() {
        this.inProcess = true;
        return self();
    }

    @Override
    PoolCore newCore(String name, boolean executor) {
        Launch.Launcher launcher = inProcess ? Launch.inProcess(context)
                : Launch.forContext(context, jvmOptions, prefixOutput);
        try {
            return new PoolCore(new PoolCore.Config(name, workers, executor, initializer, maxTasksPerChild,
                    context.codec(), launcher, reuse && !inProcess, insights, resultBatchNanos, context.maxMessageSize()));
        } catch (EncodingException e) {
            throw new IllegalArgumentException("cannot encode the initializer: " + e.getMessage(), e);
        }
    }
}

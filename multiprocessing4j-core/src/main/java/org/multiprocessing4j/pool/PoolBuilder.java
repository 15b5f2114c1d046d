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
 * The settings every pool and executor builder shares: how many workers, what runs in each before its first task,
 * how many tasks a worker runs, and the default task timeout. Subclassed only by this package's builders
 * ({@link Pool.Builder}, {@link ProcessPoolExecutor.Builder}, {@link ThreadPool.Builder},
 * {@link ThreadExecutor.Builder}); not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter
 * @param <P> what {@link #build()} builds
 */
public abstract class PoolBuilder<B extends PoolBuilder<B, P>, P> {
    int workers = Multiprocessing.cpuCount();
    SerializableRunnable initializer;
    int maxTasksPerChild;
    Duration taskTimeout;
    boolean insights;

    PoolBuilder() {}

    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }

    /** Sets the number of workers; {@code error} is the message when {@code n} is below 1. */
    final B workers(int n, String error) {
        if (n < 1) throw new IllegalArgumentException(error);
        this.workers = n;
        return self();
    }

    /**
     * Sets code that runs in each worker before its first task (Python's {@code initializer}). If it throws, the
     * pool or executor breaks ({@link BrokenProcessPoolException}).
     *
     * @param initializer the code, or null for none
     * @return this builder
     */
    public B initializer(SerializableRunnable initializer) {
        this.initializer = initializer;
        return self();
    }

    /**
     * Python's {@code initializer=f, initargs=(arg,)}: runs {@code initializer.accept(arg)} in each worker before
     * its first task. If it throws, the pool or executor breaks ({@link BrokenProcessPoolException}).
     *
     * @param <A> the type of the argument
     * @param initializer the code
     * @param arg its argument, encoded with the context's codec (worker JVMs) when the pool is built
     * @return this builder
     * @throws NullPointerException if {@code initializer} is null
     */
    public <A> B initializer(SerializableConsumer<? super A> initializer, A arg) {
        Objects.requireNonNull(initializer);
        this.initializer = () -> initializer.accept(arg);
        return self();
    }

    /**
     * Sets how many tasks (a map chunk counts as one) a worker runs before a fresh one replaces it.
     *
     * @param n the number of tasks; 0 (the default) means never
     * @return this builder
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public B maxTasksPerChild(int n) {
        if (n < 0) throw new IllegalArgumentException("maxTasksPerChild must be >= 0");
        this.maxTasksPerChild = n;
        return self();
    }

    /**
     * Sets the default task timeout: a task (a map item) running longer fails with {@link TaskTimeoutException}
     * and its worker is replaced — a worker JVM is killed; a worker thread, which cannot be killed, is interrupted
     * and abandoned.
     *
     * @param timeout the timeout, or null (the default) for none
     * @return this builder
     */
    public B taskTimeout(Duration timeout) {
        this.taskTimeout = timeout;
        return self();
    }

    /**
     * Sets whether the pool keeps insights — mpire's {@code enable_insights}: per worker the time spent starting,
     * waiting, working and sending results, and the slowest tasks with their input; read them with
     * {@link TaskPool#insights()} or {@link PoolExecutor#insights()}. Off by default. When on, each worker reads
     * the clock a few more times per task and sends 24 more bytes per result batch; the pool keeps a short form of
     * the input of the few slowest tasks (made with {@code toString()} on a result thread).
     *
     * @param on true to keep insights
     * @return this builder
     */
    public B insights(boolean on) {
        this.insights = on;
        return self();
    }

    /**
     * Builds it; its workers start now (or on demand, for executors).
     *
     * @return a new pool or executor
     * @throws IllegalArgumentException if the initializer cannot be encoded for worker JVMs
     */
    public abstract P build();

    /** The dispatcher for these settings; this default runs the workers as threads of this JVM. */
    PoolCore newCore(String name, boolean executor) {
        try {
            return new PoolCore(new PoolCore.Config(name, workers, executor, initializer, maxTasksPerChild,
                    Codec.defaultCodec(), null, false, insights, 0, Integer.MAX_VALUE));
        } catch (EncodingException e) {
            throw new IllegalStateException(e); // threads encode nothing
        }
    }
}

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
    /** An executor with up to {@link Multiprocessing#cpuCount()} workers. */
    public ProcessPoolExecutor() {
        this(builder());
    }

    /** An executor with up to {@code maxWorkers} workers. */
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

    public static Builder builder() {
        return new Builder();
    }

    /** Process ids of the live workers. */
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

        public Builder maxWorkers(int n) {
            if (n < 1) throw new IllegalArgumentException("maxWorkers must be greater than 0");
            this.maxWorkers = n;
            return this;
        }

        public Builder initializer(SerializableRunnable initializer) {
            this.initializer = initializer;
            return this;
        }

        public <A> Builder initializer(SerializableConsumer<? super A> initializer, A arg) {
            Objects.requireNonNull(initializer);
            this.initializer = () -> initializer.accept(arg);
            return this;
        }

        public Builder maxTasksPerChild(int n) {
            if (n < 0) throw new IllegalArgumentException("maxTasksPerChild must be >= 0");
            this.maxTasksPerChild = n;
            return this;
        }

        public Builder context(Context context) {
            this.context = Objects.requireNonNull(context);
            return this;
        }

        public Builder jvmOptions(String... options) {
            jvmOptions.addAll(List.of(options));
            return this;
        }

        public Builder taskTimeout(Duration timeout) {
            this.taskTimeout = timeout;
            return this;
        }

        public Builder reuseWorkers(boolean reuse) {
            this.reuse = reuse;
            return this;
        }

        Builder inProcessWorkers() {
            this.inProcess = true;
            return this;
        }

        public ProcessPoolExecutor build() {
            return new ProcessPoolExecutor(this);
        }
    }
}

package org.multiprocessing4j.internal.pool;

import org.multiprocessing4j.pool.TaskPool;

/**
 * Lets internal code (the AOT training run) build a pool whose workers are threads of this JVM speaking the real
 * process protocol over real pipes, without a public method for it.
 */
public final class PoolAccess {
    private PoolAccess() {}

    public interface Factory {
        TaskPool inProcessPool(int workers);
    }

    private static volatile Factory factory;

    public static void register(Factory f) {
        factory = f;
    }

    public static TaskPool inProcessPool(int workers) {
        if (factory == null) {
            try {
                Class.forName("org.multiprocessing4j.pool.Pool", true, PoolAccess.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return factory.inProcessPool(workers);
    }
}

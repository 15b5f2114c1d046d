package org.multiprocessing4j.pool;

/** The same API on the thread twin. */
class ThreadPoolApiTest extends PoolApiContract {
    @Override
    TaskPool newPool(int processes) {
        return new ThreadPool(processes);
    }

    @Override
    TaskPool initPool() {
        return ThreadPool.builder().threads(2).initializer(Fns::init, "yes").build();
    }
}

package org.multiprocessing4j.pool;

/** The Pool API on worker JVMs. */
class ProcessPoolApiTest extends PoolApiContract {
    @Override
    TaskPool newPool(int processes) {
        return new Pool(processes);
    }

    @Override
    TaskPool initPool() {
        return Pool.builder().processes(2).initializer(Fns::init, "yes").build();
    }

    @Override
    TaskPool newBatchingPool(int processes, java.time.Duration window) {
        return Pool.builder().processes(processes).resultBatching(window).build();
    }
}

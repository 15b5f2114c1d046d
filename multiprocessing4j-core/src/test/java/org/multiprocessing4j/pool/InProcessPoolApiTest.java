package org.multiprocessing4j.pool;

/** The Pool API over the real protocol with in-process workers: the dispatcher without JVM starts. */
class InProcessPoolApiTest extends PoolApiContract {
    @Override
    TaskPool newPool(int processes) {
        return Pool.builder().processes(processes).inProcessWorkers().build();
    }

    @Override
    TaskPool initPool() {
        return Pool.builder().processes(2).initializer(Fns::init, "yes").inProcessWorkers().build();
    }

    @Override
    TaskPool newBatchingPool(int processes, java.time.Duration window) {
        return Pool.builder().processes(processes).resultBatching(window).inProcessWorkers().build();
    }
}

package org.multiprocessing4j.pool;

import org.multiprocessing4j.function.SerializableConsumer;

class InProcessExecutorTest extends ExecutorContract {
    @Override
    PoolExecutor newExecutor(int maxWorkers) {
        return ProcessPoolExecutor.builder().maxWorkers(maxWorkers).inProcessWorkers().build();
    }

    @Override
    PoolExecutor withInitializer(int maxWorkers, SerializableConsumer<String> init, String arg) {
        return ProcessPoolExecutor.builder().maxWorkers(maxWorkers).initializer(init, arg).inProcessWorkers().build();
    }

    @Override
    PoolExecutor withMaxTasks(int maxWorkers, int maxTasksPerChild) {
        return ProcessPoolExecutor.builder().maxWorkers(maxWorkers).maxTasksPerChild(maxTasksPerChild).inProcessWorkers().build();
    }
}

package org.multiprocessing4j.pool;

import org.multiprocessing4j.function.SerializableConsumer;

class ProcessExecutorTest extends ExecutorContract {
    @Override
    PoolExecutor newExecutor(int maxWorkers) {
        return new ProcessPoolExecutor(maxWorkers);
    }

    @Override
    PoolExecutor withInitializer(int maxWorkers, SerializableConsumer<String> init, String arg) {
        return ProcessPoolExecutor.builder().maxWorkers(maxWorkers).initializer(init, arg).build();
    }

    @Override
    PoolExecutor withMaxTasks(int maxWorkers, int maxTasksPerChild) {
        return ProcessPoolExecutor.builder().maxWorkers(maxWorkers).maxTasksPerChild(maxTasksPerChild).build();
    }
}

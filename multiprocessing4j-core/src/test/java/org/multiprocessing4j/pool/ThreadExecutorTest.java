package org.multiprocessing4j.pool;

import org.multiprocessing4j.function.SerializableConsumer;

class ThreadExecutorTest extends ExecutorContract {
    @Override
    PoolExecutor newExecutor(int maxWorkers) {
        return new ThreadExecutor(maxWorkers);
    }

    @Override
    PoolExecutor withInitializer(int maxWorkers, SerializableConsumer<String> init, String arg) {
        return ThreadExecutor.builder().maxWorkers(maxWorkers).initializer(init, arg).build();
    }

    @Override
    PoolExecutor withMaxTasks(int maxWorkers, int maxTasksPerChild) {
        return ThreadExecutor.builder().maxWorkers(maxWorkers).maxTasksPerChild(maxTasksPerChild).build();
    }
}

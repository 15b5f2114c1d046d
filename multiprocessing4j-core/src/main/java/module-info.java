/**
 * multiprocessing4j: Python's {@code multiprocessing} and {@code concurrent.futures} for the JVM.
 *
 * <p>Only the API packages are exported; everything under {@code org.multiprocessing4j.internal} is private.
 * The module uses the foreign function API: start the JVM with {@code --enable-native-access=org.multiprocessing4j}
 * (or {@code ALL-UNNAMED} on the class path). JVMs the library starts get the flag automatically.
 */
module org.multiprocessing4j {
    requires jdk.unsupported;   // sun.misc.Signal: a worker reports SIGTERM as Python's exit code -15
    requires jdk.jfr;

    exports org.multiprocessing4j;
    exports org.multiprocessing4j.codec;
    exports org.multiprocessing4j.connection;
    exports org.multiprocessing4j.function;
    exports org.multiprocessing4j.managers;
    exports org.multiprocessing4j.queues;
    exports org.multiprocessing4j.shm;
    exports org.multiprocessing4j.sync;
    exports org.multiprocessing4j.pool;

    // the cluster backend plugs its workers into the pool dispatcher and accepts connections as the manager does
    exports org.multiprocessing4j.internal.pool to org.multiprocessing4j.hazelcast;
    exports org.multiprocessing4j.internal.connection to org.multiprocessing4j.hazelcast;
    exports org.multiprocessing4j.internal.process to org.multiprocessing4j.hazelcast; // codecs named across JVMs
    exports org.multiprocessing4j.internal to org.multiprocessing4j.hazelcast; // size-bounded cache directories
}

/**
 * The cluster backend of multiprocessing4j: the same {@code Pool} and {@code ProcessPoolExecutor} on worker JVMs
 * hosted by the members of a Hazelcast Community Edition cluster, plus a cluster-wide queue, lock and semaphore.
 * See {@link org.multiprocessing4j.hazelcast.Cluster}.
 */
module org.multiprocessing4j.hazelcast {
    requires transitive org.multiprocessing4j;
    requires transitive com.hazelcast.core;
    requires java.logging;

    exports org.multiprocessing4j.hazelcast;
}

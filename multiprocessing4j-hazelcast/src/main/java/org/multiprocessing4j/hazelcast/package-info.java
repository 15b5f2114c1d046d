/**
 * The cluster backend: the same {@link org.multiprocessing4j.pool.Pool} and
 * {@link org.multiprocessing4j.pool.ProcessPoolExecutor} on worker JVMs hosted by the members of a Hazelcast
 * Community Edition cluster ({@link org.multiprocessing4j.hazelcast.Cluster}), members started by {@code bin/member}
 * ({@link org.multiprocessing4j.hazelcast.MemberMain}) or in-process ({@link org.multiprocessing4j.hazelcast.ClusterMember}),
 * and a cluster-wide queue, lock and semaphore ({@link org.multiprocessing4j.hazelcast.ClusterQueue},
 * {@link org.multiprocessing4j.hazelcast.ClusterLock}, {@link org.multiprocessing4j.hazelcast.ClusterSemaphore}).
 */
package org.multiprocessing4j.hazelcast;

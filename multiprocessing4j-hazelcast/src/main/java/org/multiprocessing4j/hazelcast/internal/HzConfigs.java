package org.multiprocessing4j.hazelcast.internal;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.SerializationConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Hazelcast configurations for members and clients of a multiprocessing4j cluster, locked down to what Community
 * Edition allows: TCP-IP join on the given addresses only (no multicast, no cloud auto-detection, no phone-home),
 * bound to one interface, and Java deserialization restricted by an allow-list.
 */
public final class HzConfigs {
    /** Distributed map holding shipped class path entries, by content hash. */
    public static final String JARS = "mp4j.classpath";
    /** Distributed map of each member's hosted worker count, by member UUID: placement reads it. */
    public static final String LOAD = "mp4j.load";
    /** Distributed map whose keys are the cluster locks. */
    public static final String LOCKS = "mp4j.locks";
    /** Distributed map holding the cluster semaphores' state. */
    public static final String SEMAPHORES = "mp4j.semaphores";
    /** Distributed map of live semaphore holders (client UUIDs), each refreshed with a time to live. */
    public static final String HOLDERS = "mp4j.holders";
    /** Prefix of the names of cluster queues (IQueue). */
    public static final String QUEUE_PREFIX = "mp4j.queue.";

    /** Member attributes a worker host publishes. */
    public static final String ATTR_HOST = "mp4j.host", ATTR_PORT = "mp4j.port", ATTR_WORKERS = "mp4j.workers",
            ATTR_NAME = "mp4j.name";

    private HzConfigs() {}

    /** Java classes Hazelcast may deserialize with Java serialization; everything else is refused. */
    static JavaSerializationFilterConfig filter() {
        JavaSerializationFilterConfig f = new JavaSerializationFilterConfig();
        f.setDefaultsDisabled(false); // keep Hazelcast's own deny-list of known gadget classes as well
        ClassFilter allow = new ClassFilter();
        // the JDK (exceptions travel between members this way), Hazelcast itself, our data types, arrays
        allow.addPrefixes("java.", "javax.", "com.hazelcast.", "org.multiprocessing4j.hazelcast.internal.", "[");
        f.setWhitelist(allow);
        return f;
    }

    static void serialization(SerializationConfig s) {
        s.setJavaSerializationFilterConfig(filter());
        s.addDataSerializableFactory(Semaphores.FACTORY_ID, new Semaphores.Factory());
    }

    /** A member configuration. */
    public static Config member(String clusterName, String instanceName, String bindHost, int port, List<String> members,
                                Map<String, String> attributes, Duration failureDetection, Duration clientTimeout) {
        Config c = new Config();
        c.setClusterName(clusterName);
        c.setInstanceName(instanceName);
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.socket.bind.any", "false");
        c.setProperty("hazelcast.wait.seconds.before.join", "1");
        c.setProperty("hazelcast.max.wait.seconds.before.join", "3");
        c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        c.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(Math.max(2, failureDetection.toSeconds())));
        c.setProperty("hazelcast.client.max.no.heartbeat.seconds", Long.toString(Math.max(2, clientTimeout.toSeconds())));
        c.setProperty("hazelcast.shutdownhook.enabled", "false"); // ClusterMember ends the member itself
        c.setProperty("hazelcast.graceful.shutdown.max.wait", "10");
        c.setProperty("hazelcast.internal.map.expiration.task.period.seconds", "1"); // holders expire promptly
        c.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        c.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(bindHost);
        c.getNetworkConfig().getRestApiConfig().setEnabled(false);
        JoinConfig join = c.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(members).setConnectionTimeoutSeconds(2);
        c.getJetConfig().setEnabled(false);
        c.getMemberAttributeConfig().setAttributes(attributes);
        serialization(c.getSerializationConfig());
        // class path entries: kept while used; an entry idle for a day is dropped (a client re-ships it when needed)
        c.addMapConfig(new MapConfig(JARS).setBackupCount(1).setMaxIdleSeconds(24 * 3600));
        c.addMapConfig(new MapConfig(LOAD).setBackupCount(1));
        c.addMapConfig(new MapConfig(LOCKS).setBackupCount(1));
        c.addMapConfig(new MapConfig(SEMAPHORES).setBackupCount(1));
        c.addMapConfig(new MapConfig(HOLDERS).setBackupCount(1));
        return c;
    }

    /** A client configuration. */
    public static ClientConfig client(String clusterName, List<String> members, Duration connectTimeout, Duration heartbeatTimeout) {
        ClientConfig c = new ClientConfig();
        c.setClusterName(clusterName);
        c.setProperty("hazelcast.client.heartbeat.timeout", Long.toString(Math.max(2000, heartbeatTimeout.toMillis())));
        c.setProperty("hazelcast.client.heartbeat.interval", "1000");
        // an operation on an unreachable cluster fails after the connect timeout instead of Hazelcast's 120 s
        c.setProperty("hazelcast.client.invocation.timeout.seconds", Long.toString(Math.max(1, connectTimeout.toSeconds())));
        c.getMetricsConfig().setEnabled(false); // statistics for Management Center: not needed by a pool client
        c.getNetworkConfig().setAddresses(members);
        c.getNetworkConfig().getAutoDetectionConfig().setEnabled(false);
        c.getNetworkConfig().setConnectionTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1000, connectTimeout.toMillis())));
        c.getConnectionStrategyConfig().getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(connectTimeout.toMillis())
                .setInitialBackoffMillis(100).setMaxBackoffMillis(2000);
        serialization(c.getSerializationConfig());
        return c;
    }
}

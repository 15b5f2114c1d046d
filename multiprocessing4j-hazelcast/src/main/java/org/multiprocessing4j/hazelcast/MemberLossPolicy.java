package org.multiprocessing4j.hazelcast;

/**
 * What happens to the tasks a member held when it leaves or crashes (or becomes unreachable for the member
 * timeout). A pool cannot know which of the tasks it had sent to the member's workers ran, or how far: each
 * policy treats them all alike. Tasks still waiting in the client are unaffected; the pool replaces the lost
 * workers on the remaining members either way.
 *
 * @see ClusterConfig.Builder#memberLoss(MemberLossPolicy, int)
 */
public enum MemberLossPolicy {
    /**
     * Every task sent to the lost member is sent again to another worker, up to the configured number of times per
     * task; a task lost more often fails with {@link MemberLostException}. At least once: a task may run twice,
     * so tasks should be idempotent (the default).
     */
    RETRY,
    /**
     * Every task sent to the lost member fails with {@link MemberLostException}. At most once: no task runs twice.
     */
    FAIL
}

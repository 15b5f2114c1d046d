package org.multiprocessing4j.hazelcast;

import org.multiprocessing4j.pool.WorkerDiedException;

/**
 * A task's worker was lost with the cluster member that hosted it — the member crashed, left the cluster, or was
 * unreachable for the member timeout — and the {@link MemberLossPolicy} did not (or could no longer) run the task
 * elsewhere. The message names the member, why it was lost, and the task. The exit code is unknown
 * ({@link Integer#MIN_VALUE}) unless the member reported it.
 */
public class MemberLostException extends WorkerDiedException {
    private static final long serialVersionUID = 1L;
    /** The lost member's name. */
    private final String member;

    /**
     * An exception for a task lost with a member.
     *
     * @param message what was lost, where and why
     * @param member the member's name
     * @param exitCode the worker's exit code if the member reported it, else {@link Integer#MIN_VALUE}
     * @param pid the worker's process id on the member, or -1 if unknown
     */
    public MemberLostException(String message, String member, int exitCode, long pid) {
        super(message, exitCode, pid, null, null);
        this.member = member;
    }

    /** {@return the name of the member that was lost} */
    public String member() {
        return member;
    }
}

package org.multiprocessing4j.internal.managers;

import java.io.Serializable;

/** The manager's answer to {@code create}: the new object's id. */
public record Created(long id) implements Serializable {
}

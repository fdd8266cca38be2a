package org.adabinhw.simulator;

/**
 * One transferred beat and the cycle of its transfer (cycle 0 is the first after reset).
 *
 * @param cycle the cycle in which TVALID and TREADY were both high
 * @param data  the beat's payload
 * @param <T>   the payload type
 */
public record Beat<T>(long cycle, T data) {
}

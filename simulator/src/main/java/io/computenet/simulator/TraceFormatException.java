package io.computenet.simulator;

/** A trace file that cannot be read: the message names the file and, where there is one, the line. */
public final class TraceFormatException extends RuntimeException {

    public TraceFormatException(String message) {
        super(message);
    }
}

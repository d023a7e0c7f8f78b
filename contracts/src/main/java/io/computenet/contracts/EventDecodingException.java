package io.computenet.contracts;

/** A Kafka record that is not a well-formed event of the expected type; the message says why. */
public class EventDecodingException extends RuntimeException {

    public EventDecodingException(String message, Throwable cause) {
        super(message, cause);
    }

    public EventDecodingException(String message) {
        super(message);
    }
}

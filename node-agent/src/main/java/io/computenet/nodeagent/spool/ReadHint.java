package io.computenet.nodeagent.spool;

/**
 * Where the {@link Spool}'s sender read last: the known file position of one record in one segment, so that a peek
 * need not rescan its segment from the start. Forgotten when its segment goes or damage precedes it.
 */
final class ReadHint {

    private Segment segment;
    private long seq;
    private long position;

    void remember(Segment segment, long seq, long position) {
        this.segment = segment;
        this.seq = seq;
        this.position = position;
    }

    /** Whether the remembered record lies in {@code segment} at or before record {@code seq}. */
    boolean precedes(Segment segment, long seq) {
        return this.segment == segment && this.seq <= seq;
    }

    long seq() {
        return seq;
    }

    long position() {
        return position;
    }

    /** Forgets any remembered record of {@code segment} (deleted). */
    void forget(Segment segment) {
        forget(segment, Long.MIN_VALUE);
    }

    /** Forgets a remembered record of {@code segment} after record {@code from} (there the segment ends now). */
    void forget(Segment segment, long from) {
        if (this.segment == segment && seq > from) {
            this.segment = null;
        }
    }
}

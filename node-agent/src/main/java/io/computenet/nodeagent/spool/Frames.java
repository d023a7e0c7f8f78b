package io.computenet.nodeagent.spool;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * The {@link Spool}'s frame, the unit of a segment file: encoding a record into one ({@link #encode}, then
 * {@link #number} once its sequence number is known) and reading and checking one back ({@link Reader}). The format
 * (big-endian):
 * <pre>
 * frame    := bodyLength:int32  crc:int32  body          crc = CRC-32C over bodyLength and body
 * body     := seq:int64  topic:str  key:str  eventId:str  payload:str
 * str      := byteLength:int32  utf8Bytes                 byteLength -1 encodes a null key
 * </pre>
 */
final class Frames {

    /** Bytes of the frame header: body length and CRC. */
    static final int HEADER_BYTES = 8;
    /** seq + four string length prefixes: no body can be shorter, so shorter lengths are garbage. */
    static final int MIN_BODY_BYTES = 8 + 4 * 4;

    private Frames() {
    }

    /**
     * The record's frame with its sequence number and checksum still zero.
     *
     * @throws IllegalArgumentException if the frame would be larger than {@code maxBytes}
     */
    static ByteBuffer encode(SpoolRecord record, long maxBytes) {
        byte[] topic = record.topic().getBytes(UTF_8);
        byte[] key = record.key() == null ? null : record.key().getBytes(UTF_8);
        byte[] eventId = record.eventId().getBytes(UTF_8);
        byte[] payload = record.payload().getBytes(UTF_8);
        long bodyLength = (long) MIN_BODY_BYTES + topic.length + (key == null ? 0 : key.length)
                + eventId.length + payload.length;
        long frameLength = HEADER_BYTES + bodyLength;
        if (frameLength > maxBytes || bodyLength > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("record " + record.eventId() + " is " + frameLength
                    + " bytes when spooled, more than the spool can hold (maxBytes=" + maxBytes + ")");
        }
        ByteBuffer frame = ByteBuffer.allocate((int) frameLength);
        frame.putInt((int) bodyLength).putInt(0).putLong(0L);
        putString(frame, topic);
        putString(frame, key);
        putString(frame, eventId);
        putString(frame, payload);
        return frame;
    }

    /** Gives an encoded frame its sequence number and checksum, and rewinds it for writing. */
    static void number(ByteBuffer frame, long seq) {
        int bodyLength = frame.capacity() - HEADER_BYTES;
        frame.putLong(HEADER_BYTES, seq);
        CRC32C crc = new CRC32C();
        crc.update(frame.array(), 0, 4);
        crc.update(frame.array(), HEADER_BYTES, bodyLength);
        frame.putInt(4, (int) crc.getValue());
        frame.position(0);
    }

    private static void putString(ByteBuffer buffer, byte[] bytes) {
        if (bytes == null) {
            buffer.putInt(-1);
        } else {
            buffer.putInt(bytes.length).put(bytes);
        }
    }

    enum Status {
        OK,
        /** Fewer bytes left than a frame header. */
        TORN_HEADER,
        /** Length field too small to be a frame: garbage or a zero-filled tail. */
        BAD_LENGTH,
        /** Length field points past the end of the segment. */
        PAST_END,
        BAD_CHECKSUM,
        /** Checksum fine but not the record expected here: a stale or misplaced frame. */
        BAD_SEQUENCE,
        /** Checksum fine but the body does not parse. */
        BAD_STRUCTURE
    }

    /** Reads and checks one frame; reuses its buffers because recovery reads every frame. */
    static final class Reader {
        private final ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        private final CRC32C crc = new CRC32C();
        private ByteBuffer body = ByteBuffer.allocate(4096);
        /** Position after the frame; valid when {@link #extentKnown} holds for the status. */
        long nextPos;
        /** The decoded record after an OK read with {@code decode}. */
        SpoolRecord record;

        boolean extentKnown(Status status) {
            return status == Status.OK || status == Status.BAD_CHECKSUM
                    || status == Status.BAD_SEQUENCE || status == Status.BAD_STRUCTURE;
        }

        Status read(FileChannel channel, long position, long limit, long expectedSeq, boolean decode)
                throws IOException {
            record = null;
            if (limit - position < HEADER_BYTES) {
                return Status.TORN_HEADER;
            }
            header.clear();
            if (!SpoolFiles.readFully(channel, header, position)) {
                return Status.TORN_HEADER;
            }
            int length = header.getInt(0);
            int storedCrc = header.getInt(4);
            if (length < MIN_BODY_BYTES) {
                return Status.BAD_LENGTH;
            }
            if (length > limit - position - HEADER_BYTES) {
                return Status.PAST_END;
            }
            if (body.capacity() < length) {
                body = ByteBuffer.allocate(Math.max(length, body.capacity() * 2));
            }
            body.clear().limit(length);
            if (!SpoolFiles.readFully(channel, body, position + HEADER_BYTES)) {
                return Status.PAST_END;
            }
            nextPos = position + HEADER_BYTES + length;
            crc.reset();
            crc.update(header.array(), 0, 4);
            crc.update(body.array(), 0, length);
            if ((int) crc.getValue() != storedCrc) {
                return Status.BAD_CHECKSUM;
            }
            ByteBuffer b = ByteBuffer.wrap(body.array(), 0, length);
            if (b.getLong() != expectedSeq) {
                return Status.BAD_SEQUENCE;
            }
            String topic;
            String key;
            String eventId;
            String payload;
            try {
                topic = string(b, false, decode);
                key = string(b, true, decode);
                eventId = string(b, false, decode);
                payload = string(b, false, decode);
            } catch (IllegalStateException malformed) {
                return Status.BAD_STRUCTURE;
            }
            if (b.hasRemaining()) {
                return Status.BAD_STRUCTURE;
            }
            if (decode) {
                try {
                    record = new SpoolRecord(topic, key, eventId, payload);
                } catch (IllegalArgumentException invalid) {
                    return Status.BAD_STRUCTURE;
                }
            }
            return Status.OK;
        }

        private static String string(ByteBuffer b, boolean nullable, boolean decode) {
            if (b.remaining() < 4) {
                throw new IllegalStateException("truncated length");
            }
            int length = b.getInt();
            if (length == -1 && nullable) {
                return null;
            }
            if (length < 0 || length > b.remaining()) {
                throw new IllegalStateException("bad length " + length);
            }
            String value = decode ? new String(b.array(), b.arrayOffset() + b.position(), length, UTF_8) : null;
            b.position(b.position() + length);
            return value;
        }
    }
}

package dev.octet.router.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/** The columns of a result, as in a RowDescription ('T') message. */
public record RowDescription(List<Field> fields) {

    /** One column: its name, origin, type and the format its values travel in (0 text, 1 binary). */
    public record Field(String name, int tableOid, short columnNumber, int typeOid, short typeLength, int typeModifier,
                        short format) {

        public Field withFormat(short newFormat) {
            return new Field(name, tableOid, columnNumber, typeOid, typeLength, typeModifier, newFormat);
        }

        public Field withNameAndType(String newName, int newTypeOid, short newTypeLength) {
            return new Field(newName, 0, (short) 0, newTypeOid, newTypeLength, -1, format);
        }
    }

    public static RowDescription parse(PgMessage message) {
        ByteBuf buf = Unpooled.wrappedBuffer(message.payload());
        int count = buf.readUnsignedShort();
        List<Field> fields = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            fields.add(new Field(PgFrameDecoder.readString(buf), buf.readInt(), buf.readShort(), buf.readInt(),
                    buf.readShort(), buf.readInt(), buf.readShort()));
        }
        return new RowDescription(List.copyOf(fields));
    }

    public int size() {
        return fields.size();
    }

    public Field field(int index) {
        return fields.get(index);
    }

    /** The first {@code count} columns (hidden helper columns are always last). */
    public RowDescription firstColumns(int count) {
        return count == fields.size() ? this : new RowDescription(fields.subList(0, count));
    }

    /** The same columns with the formats a Bind asked for (none: text; one: all alike; else per column). */
    public RowDescription withFormats(short[] formats) {
        List<Field> result = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            result.add(fields.get(i).withFormat(Formats.of(formats, i)));
        }
        return new RowDescription(result);
    }

    public PgMessage toMessage() {
        MessageBuilder builder = new MessageBuilder(32 * fields.size() + 8).int16(fields.size());
        for (Field field : fields) {
            builder.string(field.name()).int32(field.tableOid()).int16(field.columnNumber()).int32(field.typeOid())
                    .int16(field.typeLength()).int32(field.typeModifier()).int16(field.format());
        }
        return builder.message('T');
    }
}

package dev.ptrace.examples.jstrace;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ptrace.strace.ArgValue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Writes an {@link ArgValue} tree as JSON, one object per node with a {@code type} (the {@code arg} definitions of
 * {@code jstrace-events.schema.json}). Bytes (strings, paths) are written as text when they are UTF-8, else in hex.
 */
final class ArgJson {
    private ArgJson() {
    }

    static void write(JsonGenerator json, ArgValue value) throws IOException {
        json.writeStartObject();
        if (value instanceof ArgValue.Num n) {
            json.writeStringField("type", "number");
            json.writeFieldName("value");
            json.writeNumber(n.value());
            json.writeNumberField("radix", n.radix());
        } else if (value instanceof ArgValue.Name n) {
            json.writeStringField("type", "name");
            json.writeStringField("name", n.name());
        } else if (value instanceof ArgValue.Flags f) {
            json.writeStringField("type", "flags");
            json.writeArrayFieldStart("names");
            for (String name : f.names()) {
                json.writeString(name);
            }
            json.writeEndArray();
            if (f.rest() != null) {
                json.writeFieldName("rest");
                write(json, f.rest());
            }
        } else if (value instanceof ArgValue.Str s) {
            json.writeStringField("type", "string");
            bytes(json, "value", s.bytes());
            json.writeBooleanField("truncated", s.truncated());
        } else if (value instanceof ArgValue.Struct s) {
            json.writeStringField("type", "struct");
            list(json, "fields", s.fields());
            json.writeBooleanField("more", s.more());
        } else if (value instanceof ArgValue.Named n) {
            json.writeStringField("type", "named");
            json.writeStringField("name", n.name());
            field(json, "value", n.value());
        } else if (value instanceof ArgValue.Array a) {
            json.writeStringField("type", "array");
            list(json, "items", a.elements());
            json.writeBooleanField("more", a.more());
            json.writeBooleanField("complement", a.complement());
        } else if (value instanceof ArgValue.Fd f) {
            json.writeStringField("type", "fd");
            field(json, "fd", f.fd());
            bytes(json, "path", f.pathBytes());
        } else if (value instanceof ArgValue.Call c) {
            json.writeStringField("type", "call");
            json.writeStringField("function", c.function());
            list(json, "args", c.args());
        } else if (value instanceof ArgValue.Changed c) {
            json.writeStringField("type", "changed");
            field(json, "before", c.before());
            field(json, "after", c.after());
        } else if (value instanceof ArgValue.Commented c) {
            json.writeStringField("type", "commented");
            field(json, "value", c.value());
            json.writeStringField("comment", c.comment());
        } else if (value instanceof ArgValue.Operation o) {
            json.writeStringField("type", "operation");
            json.writeStringField("operator", o.operator().strip());
            field(json, "left", o.left());
            field(json, "right", o.right());
        } else {
            json.writeStringField("type", "raw");
            json.writeStringField("text", value.toString());
        }
        json.writeEndObject();
    }

    private static void field(JsonGenerator json, String name, ArgValue value) throws IOException {
        json.writeFieldName(name);
        write(json, value);
    }

    private static void list(JsonGenerator json, String name, java.util.List<ArgValue> values) throws IOException {
        json.writeArrayFieldStart(name);
        for (ArgValue v : values) {
            write(json, v);
        }
        json.writeEndArray();
    }

    /** {@code name} with the bytes as text when they are UTF-8, else {@code name_hex} with them in hex. */
    private static void bytes(JsonGenerator json, String name, byte[] bytes) throws IOException {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            json.writeStringField(name, text);
        } catch (CharacterCodingException notUtf8) {
            json.writeStringField(name + "_hex", HexFormat.of().formatHex(bytes));
        }
    }
}

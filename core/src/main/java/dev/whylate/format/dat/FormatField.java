package dev.whylate.format.dat;

/**
 * One field of an event format file ({@code field:char prev_comm[16]; offset:8; size:16; signed:0;}).
 *
 * @param name field name
 * @param type declared C type as written, without the name (e.g. {@code char[16]}, {@code __data_loc char[]})
 * @param offset byte offset in the record
 * @param size bytes in the record (for {@code __data_loc}/{@code __rel_loc}: the 4-byte locator)
 * @param signed the format's {@code signed:} flag
 * @param array declared with {@code [..]}
 * @param arrayLen element count for fixed arrays, 0 when unknown or dynamic
 * @param elementSize bytes per element for arrays, else {@code size}
 * @param dataLoc {@code __data_loc}: the payload is elsewhere in the record, located by {@code (len << 16) | offset}
 * @param relLoc {@code __rel_loc}: like dataLoc, offset counted from the end of this field
 * @param string a char/u8/s8 array (printed as text)
 * @param pointer the type contains {@code *}
 * @param isLong the type contains {@code long}
 */
public record FormatField(String name, String type, int offset, int size, boolean signed, boolean array, int arrayLen,
                          int elementSize, boolean dataLoc, boolean relLoc, boolean string, boolean pointer,
                          boolean isLong) {
    /** Whether the value lives in the dynamic area of the record. */
    public boolean dynamic() {
        return dataLoc || relLoc;
    }
}

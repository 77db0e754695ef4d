/// Decodes one scalar of UTF-8 at `index` (which must be `< count`). Invalid input — a stray
/// continuation byte, an overlong form (C0 AF), a surrogate (ED A0 80), a value above U+10FFFF
/// or a truncated sequence — yields U+FFFD for its first byte alone, so decoding resumes at the
/// next byte and never traps.
/// - Returns: the scalar value and the number of bytes it took (1…4).
@inline(__always)
func decodeUTF8(_ text: UnsafePointer<UInt8>, at index: Int, count: Int) -> (scalar: UInt32, length: Int) {
    let lead = UInt32(text[index])
    if lead < 0x80 { return (lead, 1) }
    let remaining = count &- index
    if lead < 0xE0 {
        guard lead >= 0xC2, remaining >= 2 else { return (0xFFFD, 1) }
        let b1 = UInt32(text[index &+ 1])
        guard b1 & 0xC0 == 0x80 else { return (0xFFFD, 1) }
        return ((lead & 0x1F) << 6 | (b1 & 0x3F), 2)
    }
    if lead < 0xF0 {
        guard remaining >= 3 else { return (0xFFFD, 1) }
        let b1 = UInt32(text[index &+ 1])
        let b2 = UInt32(text[index &+ 2])
        guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80 else { return (0xFFFD, 1) }
        let value = (lead & 0x0F) << 12 | (b1 & 0x3F) << 6 | (b2 & 0x3F)
        guard value >= 0x800, value & 0xF800 != 0xD800 else { return (0xFFFD, 1) }
        return (value, 3)
    }
    guard lead <= 0xF4, remaining >= 4 else { return (0xFFFD, 1) }
    let b1 = UInt32(text[index &+ 1])
    let b2 = UInt32(text[index &+ 2])
    let b3 = UInt32(text[index &+ 3])
    guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80, b3 & 0xC0 == 0x80 else { return (0xFFFD, 1) }
    let value = (lead & 0x07) << 18 | (b1 & 0x3F) << 12 | (b2 & 0x3F) << 6 | (b3 & 0x3F)
    guard value >= 0x10000, value <= 0x10FFFF else { return (0xFFFD, 1) }
    return (value, 4)
}

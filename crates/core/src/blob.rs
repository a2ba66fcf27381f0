//! Files (photos) that mutations refer to. A device uploads each one by its own
//! id before pushing the mutation that names it; uploading again is harmless.

/// The most a single upload may hold. Photos are shrunk on the device to about
/// 300 KB first; this leaves room for a large screenshot, not for raw camera files.
pub const MAX_BLOB_BYTES: usize = 1024 * 1024;

/// The image type of `bytes` by their first bytes, whatever the upload claims.
pub fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => Some("image/jpeg"),
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some("image/png"),
        [
            b'R',
            b'I',
            b'F',
            b'F',
            _,
            _,
            _,
            _,
            b'W',
            b'E',
            b'B',
            b'P',
            ..,
        ] => Some("image/webp"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::sniff_image;

    #[test]
    fn recognises_photos_by_content() {
        let cases: [(&[u8], Option<&str>); 6] = [
            (&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], Some("image/jpeg")),
            (b"\x89PNG\r\n\x1a\n\0\0", Some("image/png")),
            (b"RIFF\x10\0\0\0WEBPVP8 ", Some("image/webp")),
            (b"GIF89a", None),
            (b"<svg xmlns=", None),
            (b"", None),
        ];
        for (bytes, expected) in cases {
            assert_eq!(sniff_image(bytes), expected, "{bytes:?}");
        }
    }
}

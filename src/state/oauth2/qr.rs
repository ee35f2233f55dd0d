//! A QR code as SVG path data (RFC 8628 §3.3.1: the verification URI for a phone's
//! camera), by `qrcodegen`: one `M x,y h1v1h-1z` square per dark module, a 4-module quiet
//! zone around (ISO/IEC 18004 §6.3.8). The page draws it; nothing here touches the DOM.

use qrcodegen::{Mask, QrCode, QrCodeEcc, QrSegment, Version};

/// The side, in modules with the quiet zone, and the path of the dark modules; `None` when
/// the text is too long for any QR code.
pub fn path(text: &str) -> Option<(i32, String)> {
    // Byte mode only (a URL), and one fixed mask (any of the eight is valid, ISO/IEC 18004
    // §7.8.2; choosing the best by penalty only eases scanning): the other encoders and the
    // penalty scoring stay out of the wasm.
    let segments = [QrSegment::make_bytes(text.as_bytes())];
    let qr = QrCode::encode_segments_advanced(
        &segments,
        QrCodeEcc::Medium,
        Version::MIN,
        Version::MAX,
        Some(Mask::new(0)),
        false,
    )
    .ok()?;
    let n = qr.size();
    let mut d = String::new();
    for y in 0..n {
        for x in 0..n {
            if qr.get_module(x, y) {
                d.push_str(&format!("M{},{}h1v1h-1z", x + 4, y + 4));
            }
        }
    }
    Some((n + 8, d))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn draws_the_modules_with_a_quiet_zone() {
        let (side, d) = path("http://127.0.0.1:8080/sandbox/oauth2/device?user_code=BCDF-GHJK").unwrap();
        // 63 bytes at level M: one more than version 4 holds, so version 5, 37 modules a side.
        assert_eq!(side, 37 + 8);
        // The top-left finder pattern starts at the quiet zone's edge.
        assert!(d.starts_with("M4,4h1v1h-1zM5,4h1v1h-1z"), "{}", &d[..40]);
        assert!(path(&"x".repeat(5000)).is_none());
    }
}

//! The QR code a desktop page shows, drawn on the server as SVG (no external service, nothing
//! added to the browser's WASM).

/// An SVG QR code of `text` (error correction M, a 4-module quiet zone), or `None` when the
/// text is too long for a QR code.
pub fn svg(text: &str) -> Option<String> {
    let code =
        qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(240, 240)
            .quiet_zone(true)
            .dark_color(qrcode::render::svg::Color("#000000"))
            .light_color(qrcode::render::svg::Color("#ffffff"))
            .build(),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_session_url_makes_an_svg_and_an_impossibly_long_text_does_not() {
        let svg = super::svg(
            "mobileSign:https://ekg.example.kz/egov/sign/0123456789abcdef0123456789abcdef",
        )
        .expect("fits");
        assert!(
            svg.starts_with("<?xml") || svg.starts_with("<svg"),
            "{svg:.60}"
        );
        assert!(svg.contains("<path") || svg.contains("<rect"));
        assert!(super::svg(&"x".repeat(8000)).is_none());
    }
}

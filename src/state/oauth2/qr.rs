//! A QR code as SVG path data (RFC 8628 §3.3.1: the verification URI for a phone's
//! camera), hand-written to keep the page light: byte mode, error correction level L,
//! versions 1–6 (up to 134 bytes, enough for a verification URI), mask 0 (any of the eight
//! is valid; the penalty rule only eases scanning), after ISO/IEC 18004 and Nayuki's
//! qrcodegen, which the tests hold it to. One `M x,y h1v1h-1z` square per dark module, a
//! 4-module quiet zone around.

/// Per version 1–6 at level L (ISO/IEC 18004 Table 9): data codewords, EC codewords per
/// block, blocks.
const DATA: [usize; 6] = [19, 34, 55, 80, 108, 136];
const EC: [usize; 6] = [7, 10, 15, 20, 26, 18];
const BLOCKS: [usize; 6] = [1, 1, 1, 1, 1, 2];

/// The side, in modules with the quiet zone, and the path of the dark modules; `None` when
/// the text is longer than version 6 holds.
pub fn path(text: &str) -> Option<(i32, String)> {
    let m = matrix(text.as_bytes())?;
    let n = m.size;
    let mut d = String::new();
    for y in 0..n {
        for x in 0..n {
            if m.dark[y * n + x] {
                d.push_str(&format!("M{},{}h1v1h-1z", x + 4, y + 4));
            }
        }
    }
    Some((i32::try_from(n + 8).ok()?, d))
}

pub struct Matrix {
    pub size: usize,
    pub dark: Vec<bool>,
    function: Vec<bool>,
}

impl Matrix {
    fn set(&mut self, x: usize, y: usize, dark: bool) {
        self.dark[y * self.size + x] = dark;
        self.function[y * self.size + x] = true;
    }

    /// Finder (radius 4 with separator) or alignment (radius 2) pattern centred at `x, y`.
    fn square(&mut self, x: usize, y: usize, r: isize, light: &[isize]) {
        for dy in -r..=r {
            for dx in -r..=r {
                let (xx, yy) = (x as isize + dx, y as isize + dy);
                if (0..self.size as isize).contains(&xx) && (0..self.size as isize).contains(&yy) {
                    let dist = dx.abs().max(dy.abs());
                    self.set(xx as usize, yy as usize, !light.contains(&dist));
                }
            }
        }
    }

    /// Format information (§7.9): level L (01), mask 0, BCH(15,5), masked with 0x5412.
    fn format(&mut self) {
        let data: u32 = 1 << 3;
        let mut rem = data;
        for _ in 0..10 {
            rem = (rem << 1) ^ ((rem >> 9) * 0x537);
        }
        let bits = ((data << 10) | rem) ^ 0x5412;
        let bit = |i: usize| (bits >> i) & 1 == 1;
        let n = self.size;
        for i in 0..6 {
            self.set(8, i, bit(i));
        }
        self.set(8, 7, bit(6));
        self.set(8, 8, bit(7));
        self.set(7, 8, bit(8));
        for i in 9..15 {
            self.set(14 - i, 8, bit(i));
        }
        for i in 0..8 {
            self.set(n - 1 - i, 8, bit(i));
        }
        for i in 8..15 {
            self.set(8, n - 15 + i, bit(i));
        }
        self.set(8, n - 8, true);
    }
}

/// GF(256) multiplication modulo x⁸+x⁴+x³+x²+1 (§7.5.2).
fn mul(x: u8, y: u8) -> u8 {
    let mut z: u8 = 0;
    for i in (0..8).rev() {
        z = (z << 1) ^ ((z >> 7) * 0x1D);
        z ^= ((y >> i) & 1) * x;
    }
    z
}

/// The Reed–Solomon codewords of `data` (§7.5.2): the remainder by the generator of `n`.
fn ec(data: &[u8], n: usize) -> Vec<u8> {
    let mut g = vec![0u8; n];
    g[n - 1] = 1;
    let mut root = 1u8;
    for _ in 0..n {
        for j in 0..n {
            g[j] = mul(g[j], root);
            if j + 1 < n {
                g[j] ^= g[j + 1];
            }
        }
        root = mul(root, 2);
    }
    let mut r = vec![0u8; n];
    for &b in data {
        let f = b ^ r[0];
        r.remove(0);
        r.push(0);
        for (x, &y) in r.iter_mut().zip(&g) {
            *x ^= mul(y, f);
        }
    }
    r
}

pub fn matrix(bytes: &[u8]) -> Option<Matrix> {
    let v = (0..6).find(|&v| bytes.len() * 8 + 12 <= DATA[v] * 8)?;
    // Byte mode (0100), an 8-bit count (§7.4.1), the bytes, a terminator, then padding.
    let mut bits: Vec<bool> = Vec::new();
    let mut push = |value: usize, n: usize| (0..n).rev().for_each(|i| bits.push((value >> i) & 1 == 1));
    push(4, 4);
    push(bytes.len(), 8);
    bytes.iter().for_each(|&b| push(usize::from(b), 8));
    let cap = DATA[v] * 8;
    let end = (bits.len() + 4).min(cap);
    bits.resize(end.div_ceil(8) * 8, false);
    let mut data: Vec<u8> = bits
        .chunks(8)
        .map(|c| c.iter().fold(0u8, |a, &b| (a << 1) | u8::from(b)))
        .collect();
    let mut pad = [0xEC, 0x11].into_iter().cycle();
    data.resize_with(DATA[v], || pad.next().unwrap_or(0));
    // Blocks, their EC codewords, interleaved (§7.6); version 6's two blocks are equal.
    let per = DATA[v] / BLOCKS[v];
    let blocks: Vec<&[u8]> = data.chunks(per).collect();
    let ecs: Vec<Vec<u8>> = blocks.iter().map(|b| ec(b, EC[v])).collect();
    let mut words = Vec::new();
    (0..per).for_each(|i| blocks.iter().for_each(|b| words.push(b[i])));
    (0..EC[v]).for_each(|i| ecs.iter().for_each(|e| words.push(e[i])));

    let size = 21 + 4 * v;
    let mut m = Matrix {
        size,
        dark: vec![false; size * size],
        function: vec![false; size * size],
    };
    for i in 0..size {
        m.set(6, i, i % 2 == 0);
        m.set(i, 6, i % 2 == 0);
    }
    for (x, y) in [(3, 3), (size - 4, 3), (3, size - 4)] {
        m.square(x, y, 4, &[2, 4]);
    }
    if v > 0 {
        m.square(size - 7, size - 7, 2, &[1]);
    }
    m.format();
    // The codewords, two columns at a time, up and down from the right (§7.7.3), mask 0.
    let mut i = 0;
    let mut right = size - 1;
    loop {
        if right == 6 {
            right = 5;
        }
        for vert in 0..size {
            for j in 0..2 {
                let x = right - j;
                let y = if (right + 1) & 2 == 0 {
                    size - 1 - vert
                } else {
                    vert
                };
                let at = y * size + x;
                if !m.function[at] && i < words.len() * 8 {
                    m.dark[at] = (words[i >> 3] >> (7 - (i & 7))) & 1 == 1;
                    i += 1;
                }
                if !m.function[at] && (x + y) % 2 == 0 {
                    m.dark[at] = !m.dark[at];
                }
            }
        }
        if right < 3 {
            break;
        }
        right -= 2;
    }
    Some(m)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use qrcodegen::{Mask, QrCode, QrCodeEcc, QrSegment, Version};

    use super::*;

    /// Nayuki's qrcodegen at the same choices: byte mode, level L, mask 0.
    fn reference(text: &str) -> QrCode {
        let segments = [QrSegment::make_bytes(text.as_bytes())];
        QrCode::encode_segments_advanced(
            &segments,
            QrCodeEcc::Low,
            Version::MIN,
            Version::MAX,
            Some(Mask::new(0)),
            false,
        )
        .unwrap()
    }

    #[test]
    fn every_module_is_qrcodegens_for_versions_1_to_6() {
        let base = "http://127.0.0.1:8080/sandbox/oauth2/device?user_code=BCDF-GHJK";
        for len in [1, 17, 18, 32, 33, 53, 54, 63, 78, 79, 106, 107, 120, 134] {
            let text: String = base.chars().cycle().take(len).collect();
            let ours = matrix(text.as_bytes()).unwrap();
            let theirs = reference(&text);
            assert_eq!(ours.size as i32, theirs.size(), "{len} bytes");
            for y in 0..ours.size {
                for x in 0..ours.size {
                    assert_eq!(
                        ours.dark[y * ours.size + x],
                        theirs.get_module(x as i32, y as i32),
                        "{len} bytes: module {x},{y}"
                    );
                }
            }
        }
        assert!(matrix(&[b'x'; 135]).is_none());
    }

    #[test]
    fn draws_the_modules_with_a_quiet_zone() {
        let (side, d) = path("http://127.0.0.1:8080/sandbox/oauth2/device?user_code=BCDF-GHJK").unwrap();
        // 63 bytes at level L: version 4, 33 modules a side.
        assert_eq!(side, 33 + 8);
        assert!(d.starts_with("M4,4h1v1h-1zM5,4h1v1h-1z"), "{}", &d[..40]);
        assert!(path(&"x".repeat(200)).is_none());
    }
}

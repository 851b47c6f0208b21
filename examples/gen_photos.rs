//! Generates photo-like JPEGs for the photo benchmark (`bench/photos.py`) and for trying
//! the photo pipeline by hand: smooth shapes at several scales with a camera's grain, so
//! that they compress about as a real photo does (a few MB at 12 megapixels).
//!
//! `cargo run --release --example gen_photos -- DIR COUNT [WIDTH HEIGHT]` writes
//! DIR/photo-000.jpg … (default 4000 × 3000, 12 megapixels; JPEG quality 90).

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: gen_photos DIR COUNT [WIDTH HEIGHT]";
    let dir = std::path::PathBuf::from(args.first().expect(usage));
    let count: u32 = args.get(1).expect(usage).parse().expect(usage);
    let width: u32 = args.get(2).map_or(4000, |s| s.parse().expect(usage));
    let height: u32 = args.get(3).map_or(3000, |s| s.parse().expect(usage));
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..count {
        let pixels = photo(width, height, u64::from(i) + 1);
        let mut out = Vec::new();
        jpeg_encoder::Encoder::new(&mut out, 90)
            .encode(
                &pixels,
                width as u16,
                height as u16,
                jpeg_encoder::ColorType::Rgb,
            )
            .unwrap();
        std::fs::write(dir.join(format!("photo-{i:03}.jpg")), out).unwrap();
    }
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}

/// Value noise: random colours on a grid of `cell` pixels, blended smoothly between.
struct Layer {
    cell: f32,
    cols: usize,
    values: Vec<[f32; 3]>,
    weight: f32,
}

impl Layer {
    fn new(w: u32, h: u32, cell: u32, weight: f32, rng: &mut Rng) -> Layer {
        let cols = (w / cell + 2) as usize;
        let rows = (h / cell + 2) as usize;
        let values = (0..cols * rows)
            .map(|_| [rng.unit(), rng.unit(), rng.unit()])
            .collect();
        Layer {
            cell: cell as f32,
            cols,
            values,
            weight,
        }
    }

    fn at(&self, x: u32, y: u32) -> [f32; 3] {
        let (fx, fy) = (x as f32 / self.cell, y as f32 / self.cell);
        let (cx, cy) = (fx as usize, fy as usize);
        let s = |t: f32| t * t * (3.0 - 2.0 * t);
        let (tx, ty) = (s(fx - cx as f32), s(fy - cy as f32));
        let v = |c: usize, r: usize| self.values[r * self.cols + c];
        let (a, b, c, d) = (v(cx, cy), v(cx + 1, cy), v(cx, cy + 1), v(cx + 1, cy + 1));
        std::array::from_fn(|i| {
            let top = a[i] + (b[i] - a[i]) * tx;
            let bottom = c[i] + (d[i] - c[i]) * tx;
            (top + (bottom - top) * ty) * self.weight
        })
    }
}

fn photo(w: u32, h: u32, seed: u64) -> Vec<u8> {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let layers: Vec<Layer> = [(w / 3, 0.5), (w / 12, 0.25), (w / 60, 0.15), (12, 0.1)]
        .iter()
        .map(|&(cell, weight)| Layer::new(w, h, cell.max(2), weight, &mut rng))
        .collect();
    let mut out = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            let mut c = [0.0f32; 3];
            for l in &layers {
                let v = l.at(x, y);
                for i in 0..3 {
                    c[i] += v[i];
                }
            }
            let grain = (rng.unit() - 0.5) * 10.0;
            for v in c {
                out.push((v * 255.0 + grain).clamp(0.0, 255.0) as u8);
            }
        }
    }
    out
}

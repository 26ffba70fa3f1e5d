import { inflateSync } from "node:zlib";

/** A decoded image: RGBA bytes, row by row. */
export interface Rgba {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Decodes the PNGs a browser screenshot produces (8-bit RGB or RGBA, not interlaced) with node:zlib, so tests can
 * look at pixels without an image library. Anything else throws.
 */
export function decodePng(png: Uint8Array): Rgba {
  if (!SIGNATURE.every((b, i) => png[i] === b)) throw new Error("not a PNG");
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Uint8Array[] = [];
  for (let at = 8; at < png.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === "IHDR") {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      const [depth, colorType, , , interlace] = body.subarray(8, 13);
      if (depth !== 8 || (colorType !== 2 && colorType !== 6) || interlace !== 0)
        throw new Error(`unsupported PNG: depth ${depth}, colour type ${colorType}, interlace ${interlace}`);
      channels = colorType === 6 ? 4 : 3;
    } else if (type === "IDAT") idat.push(body);
    else if (type === "IEND") break;
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = y * stride;
    for (let i = 0; i < stride; i++) {
      const left = i >= channels ? pixels[row + i - channels]! : 0;
      const up = y > 0 ? pixels[row - stride + i]! : 0;
      const upLeft = y > 0 && i >= channels ? pixels[row - stride + i - channels]! : 0;
      const predictor =
        filter === 0
          ? 0
          : filter === 1
            ? left
            : filter === 2
              ? up
              : filter === 3
                ? (left + up) >> 1
                : filter === 4
                  ? paeth(left, up, upLeft)
                  : NaN;
      if (Number.isNaN(predictor)) throw new Error(`bad PNG filter ${filter} on row ${y}`);
      pixels[row + i] = (src[i]! + predictor) & 0xff;
    }
  }
  if (channels === 4) return { width, height, data: pixels };
  const data = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    data[p * 4] = pixels[p * 3]!;
    data[p * 4 + 1] = pixels[p * 3 + 1]!;
    data[p * 4 + 2] = pixels[p * 3 + 2]!;
    data[p * 4 + 3] = 255;
  }
  return { width, height, data };
}

function rgb(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** For each colour `#rrggbb`, how many pixels are within `tolerance` of it on every channel (one pass). */
export function countColors(image: Rgba, hexes: readonly string[], tolerance = 12): number[] {
  const colors = hexes.map(rgb);
  const counts = colors.map(() => 0);
  const d = image.data;
  for (let p = 0; p < d.length; p += 4) {
    for (let c = 0; c < colors.length; c++) {
      const [r, g, b] = colors[c]!;
      if (
        Math.abs(d[p]! - r) <= tolerance &&
        Math.abs(d[p + 1]! - g) <= tolerance &&
        Math.abs(d[p + 2]! - b) <= tolerance
      )
        counts[c]!++;
    }
  }
  return counts;
}

/** How many pixels are within `tolerance` (per channel) of the colour `#rrggbb`. */
export function countColor(image: Rgba, hex: string, tolerance = 12): number {
  return countColors(image, [hex], tolerance)[0]!;
}

/** The share of pixels that differ from every one of the given background colours by more than `tolerance`. */
export function inkShare(image: Rgba, backgrounds: readonly string[], tolerance = 8): number {
  const bgs = backgrounds.map(rgb);
  let ink = 0;
  for (let p = 0; p < image.data.length; p += 4) {
    const [r, g, b] = [image.data[p]!, image.data[p + 1]!, image.data[p + 2]!];
    if (
      !bgs.some(
        ([br, bg, bb]) =>
          Math.abs(r - br) <= tolerance && Math.abs(g - bg) <= tolerance && Math.abs(b - bb) <= tolerance,
      )
    )
      ink++;
  }
  return ink / (image.width * image.height);
}

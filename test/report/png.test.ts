import { deflateSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { countColor, countColors, decodePng, inkShare } from "./png.js";

function chunk(type: string, body: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, "ascii");
  return Buffer.concat([head, body, Buffer.alloc(4)]); // the decoder does not check CRCs
}

/** Encodes RGB rows as a PNG, row y filtered with filter type filters[y], so every filter is exercised. */
function encode(rows: number[][][], filters: number[]): Buffer {
  const width = rows[0]!.length;
  const height = rows.length;
  const flat = rows.map((r) => r.flat());
  const raw: number[] = [];
  flat.forEach((row, y) => {
    const filter = filters[y]!;
    raw.push(filter);
    row.forEach((v, i) => {
      const left = i >= 3 ? row[i - 3]! : 0;
      const up = y > 0 ? flat[y - 1]![i]! : 0;
      const upLeft = y > 0 && i >= 3 ? flat[y - 1]![i - 3]! : 0;
      const p = left + up - upLeft;
      const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
      const paeth = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      const predictor = [0, left, up, (left + up) >> 1, paeth][filter]!;
      raw.push((v - predictor + 256) & 0xff);
    });
  });
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.from(raw))),
    chunk("IEND", new Uint8Array()),
  ]);
}

describe("decodePng (the browser test's pixel reader)", () => {
  const rows = [0, 1, 2, 3, 4].map((y) =>
    [0, 1, 2].map((x) => [(37 * x + 91 * y) % 256, (200 - 13 * x * y) & 0xff, (x * 120 + y * 7) % 256]),
  );
  const image = decodePng(encode(rows, [0, 1, 2, 3, 4]));

  test("every filter type round-trips to the original pixels, as opaque RGBA", () => {
    expect([image.width, image.height]).toEqual([3, 5]);
    const back = [0, 1, 2, 3, 4].map((y) =>
      [0, 1, 2].map((x) => [...image.data.subarray((y * 3 + x) * 4, (y * 3 + x) * 4 + 4)]),
    );
    expect(back).toEqual(rows.map((r) => r.map((px) => [...px, 255])));
  });

  test("colour counts and ink share", () => {
    const white = decodePng(
      encode(
        [
          [
            [255, 255, 255],
            [255, 255, 255],
            [0, 114, 178],
          ],
        ],
        [0],
      ),
    );
    expect(countColor(white, "#0072B2")).toBe(1);
    expect(countColors(white, ["#ffffff", "#0072B2", "#E69F00"])).toEqual([2, 1, 0]);
    expect(inkShare(white, ["#ffffff"])).toBeCloseTo(1 / 3, 6);
  });

  test("refuses what it cannot read", () => {
    expect(() => decodePng(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow("not a PNG");
  });
});

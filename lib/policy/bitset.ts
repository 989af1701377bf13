/**
 * Fixed-size bitsets over pod indices, stored as `Uint32Array` words (bit `i` is bit `i & 31` of word `i >>> 5`,
 * least significant bit first). The reachability engine works on these: selector results, rule peer sets and
 * matrix rows are all bitsets over the snapshot's sorted pod list.
 */

/** Number of 32-bit words needed for `size` bits. */
export function wordCount(size: number): number {
  return (size + 31) >>> 5;
}

/** Mask of the valid bits in the last word of a `size`-bit set (all ones when `size` is a multiple of 32). */
export function lastWordMask(size: number): number {
  const rem = size & 31;
  return rem === 0 ? 0xffffffff : (1 << rem) - 1;
}

export function testBit(bits: Uint32Array, i: number): boolean {
  return (bits[i >>> 5] & (1 << (i & 31))) !== 0;
}

export function setBit(bits: Uint32Array, i: number): void {
  bits[i >>> 5] |= 1 << (i & 31);
}

/** Set bits `[start, end)`. */
export function setRange(bits: Uint32Array, start: number, end: number): void {
  if (end <= start) return;
  const first = start >>> 5;
  const last = (end - 1) >>> 5;
  const headMask = (0xffffffff << (start & 31)) >>> 0;
  const tailMask = lastWordMask(end);
  if (first === last) {
    bits[first] |= headMask & tailMask;
    return;
  }
  bits[first] |= headMask;
  for (let w = first + 1; w < last; w++) bits[w] = 0xffffffff;
  bits[last] |= tailMask;
}

/** A bitset with bits `[0, size)` set. */
export function fullBitset(size: number): Uint32Array {
  const bits = new Uint32Array(wordCount(size));
  setRange(bits, 0, size);
  return bits;
}

/** `target |= source` (same length). */
export function orInto(target: Uint32Array, source: Uint32Array): void {
  for (let w = 0; w < target.length; w++) target[w] |= source[w];
}

/** A new bitset `a & b`. */
export function and(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length);
  for (let w = 0; w < a.length; w++) out[w] = a[w] & b[w];
  return out;
}

/** True when no bit is set. */
export function isEmpty(bits: Uint32Array): boolean {
  for (let w = 0; w < bits.length; w++) if (bits[w] !== 0) return false;
  return true;
}

/** Indices of the set bits, ascending. */
export function bitIndices(bits: Uint32Array): number[] {
  const out: number[] = [];
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w];
    while (word !== 0) {
      const low = word & -word;
      out.push((w << 5) + 31 - Math.clz32(low));
      word ^= low;
    }
  }
  return out;
}

const block = new Uint32Array(32);

/**
 * Transpose a square bit matrix of `size` rows stored row-major, `words` words per row (`words = wordCount(size)`):
 * `out` row j bit i = `input` row i bit j. Works on 32×32 blocks with the recursive block-swap transpose
 * (Hacker's Delight §7-3, adapted to least-significant-bit-first order), ~150 word operations per block.
 */
export function transposeInto(input: Uint32Array, out: Uint32Array, size: number, words: number): void {
  for (let bi = 0; bi < words; bi++) {
    const rowBase = bi << 5;
    const rows = Math.min(32, size - rowBase);
    for (let bj = 0; bj < words; bj++) {
      for (let k = 0; k < rows; k++) block[k] = input[(rowBase + k) * words + bj];
      for (let k = rows; k < 32; k++) block[k] = 0;
      transpose32(block);
      const colBase = bj << 5;
      const cols = Math.min(32, size - colBase);
      for (let k = 0; k < cols; k++) out[(colBase + k) * words + bi] = block[k];
    }
  }
}

/** In-place transpose of a 32×32 bit block (`a[i]` bit `j` ↔ `a[j]` bit `i`). */
function transpose32(a: Uint32Array): void {
  let m = 0x0000ffff;
  for (let j = 16; j !== 0; j >>>= 1, m ^= m << j) {
    for (let k = 0; k < 32; k = (k + j + 1) & ~j) {
      const t = ((a[k] >>> j) ^ a[k + j]) & m;
      a[k] ^= t << j;
      a[k + j] ^= t;
    }
  }
}

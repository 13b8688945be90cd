// Every id a listing has seen, held as bytes in chunks rather than as strings in a Set: an export of
// 100,000 opportunities remembers all their ids in about 6 MB, with no object for the garbage collector to
// trace. Exact: ids are compared character by character, never by hash alone.

/** Longest id kept as bytes (its length is in the low 7 bits of a byte); longer ones go to a plain Set. */
const MAX_STORED_LENGTH = 127;
/** The high bit of an entry's length byte: the id was marked. */
const MARKED = 0x80;
/** Entries go into chunks of this many bytes, never moved, so growing copies nothing and frees nothing. */
const CHUNK_BITS = 16;
const CHUNK_SIZE = 1 << CHUNK_BITS;

/** FNV-1a over the character codes (all below 256 for stored ids, so a string and its bytes hash alike). */
export function idHash(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** `idHash`, or -1 when the id cannot be stored as bytes (too long, or a character beyond one byte). */
function storedHash(id: string): number {
  if (id.length > MAX_STORED_LENGTH) return -1;
  let hash = 0x811c9dc5;
  let all = 0;
  for (let i = 0; i < id.length; i++) {
    const code = id.charCodeAt(i);
    all |= code;
    hash = Math.imul(hash ^ code, 0x01000193);
  }
  return all > 0xff ? -1 : hash >>> 0;
}

function bytesHash(bytes: Uint8Array, start: number, length: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < start + length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
  return hash >>> 0;
}

/** A set of ids that only grows: `add` says whether the id is new, `markOnce` whether it was marked before. */
export class IdSet {
  /** Entries one after another, none across two chunks: the length and mark in one byte, then one byte per character. */
  private readonly chunks: Uint8Array[] = [];
  /** Where the next entry goes in the last chunk (full before the first one). */
  private fill = CHUNK_SIZE;
  /** Open addressing, linear probing, at most half full: 0 is an empty slot, otherwise an entry's offset + 1. */
  private slots = new Uint32Array(1024);
  private stored = 0;
  /** Ids that do not fit a byte per character or the length byte, and those of them marked. */
  private readonly others = new Set<string>();
  private readonly othersMarked = new Set<string>();

  get size(): number {
    return this.stored + this.others.size;
  }

  has(id: string): boolean {
    const hash = storedHash(id);
    if (hash < 0) return this.others.has(id);
    return this.slots[this.slotOf(id, hash)] !== 0;
  }

  /** Adds the id; true when it was not there before. */
  add(id: string): boolean {
    const hash = storedHash(id);
    if (hash < 0) {
      if (this.others.has(id)) return false;
      this.others.add(id);
      return true;
    }
    let slot = this.slotOf(id, hash);
    if (this.slots[slot] !== 0) return false;
    if (2 * (this.stored + 1) > this.slots.length) {
      this.grow();
      slot = this.slotOf(id, hash);
    }
    this.slots[slot] = this.append(id) + 1;
    this.stored++;
    return true;
  }

  /** Marks the id, adding it if need be; true the first time it is marked. */
  markOnce(id: string): boolean {
    const hash = storedHash(id);
    if (hash < 0) {
      this.add(id);
      if (this.othersMarked.has(id)) return false;
      this.othersMarked.add(id);
      return true;
    }
    if (this.slots[this.slotOf(id, hash)] === 0) this.add(id);
    const entry = this.slots[this.slotOf(id, hash)] - 1;
    const bytes = this.chunks[entry >>> CHUNK_BITS];
    const at = entry & (CHUNK_SIZE - 1);
    if (bytes[at] & MARKED) return false;
    bytes[at] |= MARKED;
    return true;
  }

  /** The slot holding `id`, or the empty slot where it would go. */
  private slotOf(id: string, hash: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot];
      if (entry === 0 || this.equals(entry - 1, id)) return slot;
    }
  }

  private equals(offset: number, id: string): boolean {
    const bytes = this.chunks[offset >>> CHUNK_BITS];
    const start = (offset & (CHUNK_SIZE - 1)) + 1;
    if ((bytes[start - 1] & ~MARKED) !== id.length) return false;
    for (let i = 0; i < id.length; i++) if (bytes[start + i] !== id.charCodeAt(i)) return false;
    return true;
  }

  /** Writes the entry after the last one, in a new chunk when it would not fit; returns its offset. */
  private append(id: string): number {
    if (this.fill + 1 + id.length > CHUNK_SIZE) {
      this.chunks.push(new Uint8Array(CHUNK_SIZE));
      this.fill = 0;
    }
    const bytes = this.chunks[this.chunks.length - 1];
    const start = this.fill;
    bytes[start] = id.length;
    for (let i = 0; i < id.length; i++) bytes[start + 1 + i] = id.charCodeAt(i);
    this.fill += 1 + id.length;
    return (this.chunks.length - 1) * CHUNK_SIZE + start;
  }

  /** Twice the slots, every entry placed again by the hash of its bytes. */
  private grow(): void {
    const slots = new Uint32Array(2 * this.slots.length);
    const mask = slots.length - 1;
    for (const entry of this.slots) {
      if (entry === 0) continue;
      const bytes = this.chunks[(entry - 1) >>> CHUNK_BITS];
      const start = (entry - 1) & (CHUNK_SIZE - 1);
      let slot = bytesHash(bytes, start + 1, bytes[start] & ~MARKED) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry;
    }
    this.slots = slots;
  }
}

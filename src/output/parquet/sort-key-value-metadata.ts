/**
 * Puts a Parquet footer's key-value metadata in key order, in place. parquet-wasm takes
 * the key-value metadata as a Rust HashMap, whose iteration order follows a hash seed
 * that advances with every map the WebAssembly instance has made: the same file written
 * after different work came out with its keys in another order, different bytes for the
 * same content. Reordering the list's elements changes no length and no offset.
 *
 * The footer (FileMetaData) is Thrift compact protocol; key_value_metadata is its field
 * 5, a list of KeyValue structs { 1: key, 2: value }. Only what precedes that list is
 * walked (generically, skipping values by type); every element is self-contained (a
 * struct's field ids are deltas within that struct), so the elements can be permuted.
 */

const enum T {
  Stop = 0,
  True = 1,
  False = 2,
  Byte = 3,
  I16 = 4,
  I32 = 5,
  I64 = 6,
  Double = 7,
  Binary = 8,
  List = 9,
  Set = 10,
  Map = 11,
  Struct = 12,
}

const KEY_VALUE_METADATA = 5;

class Reader {
  constructor(
    readonly bytes: Uint8Array,
    public at: number,
  ) {}

  byte(): number {
    if (this.at >= this.bytes.length) throw new Error('Parquet footer: truncated');
    return this.bytes[this.at++]!;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return value;
      scale *= 128;
    }
  }

  binary(): Uint8Array {
    const n = this.varint();
    const start = this.at;
    this.at += n;
    if (this.at > this.bytes.length) throw new Error('Parquet footer: truncated');
    return this.bytes.subarray(start, this.at);
  }

  /** A list or set header: [size, element type]. */
  listHeader(): [number, number] {
    const b = this.byte();
    const size = b >> 4 === 15 ? this.varint() : b >> 4;
    return [size, b & 0x0f];
  }

  skip(type: number): void {
    switch (type) {
      case T.True:
      case T.False:
        return; // in a struct field the value is in the type; in a list, a byte (handled there)
      case T.Byte:
        this.at += 1;
        return;
      case T.I16:
      case T.I32:
      case T.I64:
        this.varint();
        return;
      case T.Double:
        this.at += 8;
        return;
      case T.Binary:
        this.binary();
        return;
      case T.List:
      case T.Set: {
        const [size, element] = this.listHeader();
        for (let i = 0; i < size; i++) {
          if (element === T.True || element === T.False) this.at += 1;
          else this.skip(element);
        }
        return;
      }
      case T.Map: {
        const size = this.varint();
        if (size === 0) return;
        const kinds = this.byte();
        for (let i = 0; i < size; i++) {
          this.skip(kinds >> 4);
          this.skip(kinds & 0x0f);
        }
        return;
      }
      case T.Struct:
        this.struct(() => false);
        return;
      default:
        throw new Error(`Parquet footer: unknown Thrift type ${type}`);
    }
  }

  /**
   * Walks a struct's fields; `visit(id, type)` returns true when it consumed the value
   * itself, else the value is skipped.
   */
  struct(visit: (id: number, type: number) => boolean): void {
    let id = 0;
    for (;;) {
      const header = this.byte();
      const type = header & 0x0f;
      if (type === T.Stop) return;
      const delta = header >> 4;
      if (delta !== 0) id += delta;
      else {
        const z = this.varint();
        id = (z >>> 1) ^ -(z & 1);
      }
      if (!visit(id, type)) this.skip(type);
    }
  }
}

const compare = (a: Uint8Array, b: Uint8Array): number => {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
};

/** Sorts the key-value metadata of `footer` (the FileMetaData bytes) by key, in place. */
export function sortKeyValueMetadata(footer: Uint8Array): void {
  const reader = new Reader(footer, 0);
  reader.struct((id, type) => {
    if (id !== KEY_VALUE_METADATA || type !== T.List) return false;
    const [size, element] = reader.listHeader();
    if (element !== T.Struct) throw new Error('Parquet footer: key_value_metadata is not a list of structs');
    const start = reader.at;
    const items: { key: Uint8Array; bytes: Uint8Array }[] = [];
    for (let i = 0; i < size; i++) {
      const from = reader.at;
      let key: Uint8Array = new Uint8Array(0);
      reader.struct((field, kind) => {
        if (field !== 1 || kind !== T.Binary) return false;
        key = reader.binary();
        return true;
      });
      items.push({ key, bytes: footer.slice(from, reader.at) });
    }
    items.sort((a, b) => compare(a.key, b.key));
    let at = start;
    for (const item of items) {
      footer.set(item.bytes, at);
      at += item.bytes.length;
    }
    return true;
  });
}

/**
 * The footer of a whole Parquet file's last `tail` bytes (…, footer, its int32 length,
 * `PAR1`), as a view into `tail`; null when `tail` does not hold all of it.
 */
export function footerIn(tail: Uint8Array): Uint8Array | null {
  const n = tail.length;
  if (n < 8 || String.fromCharCode(...tail.subarray(n - 4)) !== 'PAR1') throw new Error('Parquet file: no PAR1 at the end');
  const length = new DataView(tail.buffer, tail.byteOffset + n - 8, 4).getUint32(0, true);
  if (length + 8 > n) return null;
  return tail.subarray(n - 8 - length, n - 8);
}

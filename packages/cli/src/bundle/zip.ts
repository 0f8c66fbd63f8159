import * as zlib from 'node:zlib';

/** One file of a zip archive: its name inside the archive (forward slashes) and its bytes. */
export interface ZipEntry {
  readonly name: string;
  readonly data: Uint8Array;
}

/**
 * MS-DOS date of 1980-01-01 (the earliest a zip can hold) at 00:00:00: every entry gets it, so the archive's bytes
 * depend on the contents alone and never on when or where it was built.
 */
const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;
const DOS_TIME_MIDNIGHT = 0;
/** Version 2.0 (APPNOTE 4.4.3): what deflate and plain files need; the upper byte 3 of "made by" says Unix. */
const VERSION_NEEDED = 20;
const MADE_BY_UNIX = (3 << 8) | VERSION_NEEDED;
/** Regular file, rw-r--r--: Lambda reads the handler as another user than the one that built it. */
const EXTERNAL_ATTRIBUTES = (0o100644 << 16) >>> 0;
/** Bit 11: names are UTF-8. */
const FLAG_UTF8 = 0x0800;
const STORED = 0;
const DEFLATED = 8;
/** Sizes and offsets of a zip without ZIP64 records are 32-bit, and the entry count is 16-bit. */
const MAX_32 = 0xffff_ffff;
const MAX_ENTRIES = 0xffff;

/**
 * Writes a zip archive (PKWARE APPNOTE.TXT 6.3: local headers, central directory, end record) that is the same bytes
 * for the same entries: sorted names, fixed dates and permissions, no extra fields, no comments. Each entry is
 * deflated at level 9 unless that does not make it smaller. The bytes also depend on Node's zlib version.
 */
export function zipArchive(entries: readonly ZipEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (sorted.length > MAX_ENTRIES) throw new RangeError(`A zip without ZIP64 holds at most ${MAX_ENTRIES} entries, not ${sorted.length}.`);
  for (const [i, entry] of sorted.entries()) {
    if (entry.name === '' || entry.name.startsWith('/') || entry.name.includes('\\') || entry.name.split('/').includes('..')) {
      throw new RangeError(`Zip entry name ${JSON.stringify(entry.name)} must be a relative path with forward slashes.`);
    }
    if (i > 0 && sorted[i - 1]!.name === entry.name) throw new RangeError(`Zip entry ${JSON.stringify(entry.name)} is given twice.`);
  }

  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of sorted) {
    const name = Buffer.from(entry.name, 'utf8');
    const deflated = zlib.deflateRawSync(entry.data, { level: 9 });
    const method = deflated.length < entry.data.length ? DEFLATED : STORED;
    const body = method === DEFLATED ? deflated : Buffer.from(entry.data);
    const crc = crc32(entry.data);
    if (entry.data.length > MAX_32 || offset > MAX_32) throw new RangeError(`Zip entry ${entry.name} needs ZIP64, which this writer does not produce.`);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(VERSION_NEEDED, 4);
    local.writeUInt16LE(FLAG_UTF8, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME_MIDNIGHT, 10);
    local.writeUInt16LE(DOS_DATE_1980_01_01, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(MADE_BY_UNIX, 4);
    central.writeUInt16LE(VERSION_NEEDED, 6);
    central.writeUInt16LE(FLAG_UTF8, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME_MIDNIGHT, 12);
    central.writeUInt16LE(DOS_DATE_1980_01_01, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    // extra field length (30), comment length (32), disk number (34), internal attributes (36): all 0
    central.writeUInt32LE(EXTERNAL_ATTRIBUTES, 38);
    central.writeUInt32LE(offset, 42);

    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  if (offset > MAX_32 || directory.length > MAX_32) throw new RangeError('The zip needs ZIP64, which this writer does not produce.');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  // this disk (4) and the central directory's disk (6): 0
  end.writeUInt16LE(sorted.length, 8);
  end.writeUInt16LE(sorted.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  // comment length (20): 0
  return Buffer.concat([...locals, directory, end]);
}

/** CRC-32 (ISO-HDLC, the zip one): zlib's when this Node has it (≥ 20.15 / 22.2), else a table. */
export function crc32(data: Uint8Array): number {
  const native = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
  return typeof native === 'function' ? native(data) : tableCrc32(data);
}

let table: Uint32Array | undefined;

export function tableCrc32(data: Uint8Array): number {
  table ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffff_ffff;
  for (const byte of data) crc = table[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffff_ffff) >>> 0;
}

import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeSource } from '../../src/decode-source.js';
import { BriefpackError } from '../../src/errors.js';

// Byte fixtures are built here, so each test shows exactly which bytes it feeds in.

const SHOWN = 'content/iom.md';
const FRONT_MATTER = '---\ntitle: Uluslararası Göç Örgütü\nlang: tr\n---\n\n'; // UTF-8, 4 lines and a blank one

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Strings as UTF-8, number arrays as raw bytes. */
function bytesOf(...parts: Array<string | number[]>): Uint8Array {
  return new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...utf8(p)] : p)));
}

function utf16(text: string, order: 'le' | 'be', bom = true): Uint8Array {
  const units = [...(bom ? [0xfeff] : []), ...Array.from({ length: text.length }, (_, i) => text.charCodeAt(i))];
  return new Uint8Array(units.flatMap((u) => (order === 'le' ? [u & 0xff, u >> 8] : [u >> 8, u & 0xff])));
}

/** windows-1254 and ISO-8859-9 bytes of Turkish letters, written out by hand. */
const TURKISH_BYTES: Record<string, number> = {
  ğ: 0xf0, ş: 0xfe, ı: 0xfd, İ: 0xdd, Ş: 0xde, Ğ: 0xd0, ü: 0xfc, ö: 0xf6, ç: 0xe7, Ü: 0xdc, Ö: 0xd6, Ç: 0xc7,
};
const turkish8Bit = (text: string) =>
  Array.from(text, (c) => (c.charCodeAt(0) < 0x80 ? c.charCodeAt(0) : TURKISH_BYTES[c] ?? Number.NaN));

/** A single-byte legacy encoding, built by reading every byte with TextDecoder. */
function singleByte(label: string, text: string): number[] {
  const table = new Map(Array.from({ length: 256 }, (_, b) => [new TextDecoder(label).decode(new Uint8Array([b])), b] as const));
  return Array.from(text, (c) => table.get(c) ?? Number.NaN);
}

function decodeError(bytes: Uint8Array): BriefpackError {
  try {
    decodeSource(bytes, SHOWN);
  } catch (e) {
    if (e instanceof BriefpackError) return e;
    throw e;
  }
  throw new Error('decodeSource did not throw');
}

describe('decodeSource: accepted encodings', () => {
  const text = '---\r\ntitle: Göç\r\n---\r\n\r\n# Giriş\r\n\r\n\tşığ İĞŞ — 😀\r\n';

  it('should pass UTF-8 through unchanged, keeping TAB and CRLF', () => {
    expect(decodeSource(utf8(text), SHOWN)).toEqual({ text, warnings: [] });
  });

  it('should strip a UTF-8 byte order mark', () => {
    expect(decodeSource(bytesOf([0xef, 0xbb, 0xbf], text), SHOWN).text).toBe(text);
  });

  it('should decode UTF-16LE with a byte order mark to the same text', () => {
    expect(decodeSource(utf16(text, 'le'), SHOWN)).toEqual({ text, warnings: [] });
  });

  it('should decode UTF-16BE with a byte order mark to the same text', () => {
    expect(decodeSource(utf16(text, 'be'), SHOWN)).toEqual({ text, warnings: [] });
  });

  it('should decode a clean 5 MB file unchanged', () => {
    const line = 'Türkiye, dünyanın en büyük mülteci nüfusuna ev sahipliği yapmaktadır. 😀\r\n';
    const big = FRONT_MATTER + line.repeat(Math.ceil((5 * 1024 * 1024) / line.length));
    const decoded = decodeSource(utf8(big), SHOWN);
    expect(decoded.text === big).toBe(true); // not toBe: a failure would print 5 MB
    expect(decoded.warnings).toEqual([]);
  });
});

describe('decodeSource: UTF-16 problems', () => {
  it.each(['le', 'be'] as const)('should reject UTF-16%s without a byte order mark', (order) => {
    const error = decodeError(utf16(`${FRONT_MATTER}# Giriş\n`, order, false));
    expect(error.message).toMatch(/looks like UTF-16 .*without a byte order mark: save it as UTF-8/);
    expect(error.place).toEqual({ file: SHOWN });
  });

  it('should reject an unpaired surrogate in UTF-16 at its line', () => {
    const bytes = new Uint8Array([...utf16('a\nbc', 'le'), 0x3d, 0xd8, 0x61, 0x00]); // D83D then 'a'
    const error = decodeError(bytes);
    expect(error.message).toMatch(/unpaired UTF-16 surrogate at line 2/);
    expect(error.place).toEqual({ file: SHOWN, line: 2, column: 3 });
  });

  it('should reject UTF-16 that ends in half a character', () => {
    const error = decodeError(new Uint8Array([...utf16('a\nb', 'le'), 0x63]));
    expect(error.message).toMatch(/ends in half a character at line 2/);
  });
});

describe('decodeSource: bytes that are not UTF-8', () => {
  it('should name windows-1254 at the first bad byte of a Turkish body under UTF-8 front matter', () => {
    const body = turkish8Bit("Türkiye'de göç alanında çalışan kuruluş.\n");
    const error = decodeError(bytesOf(FRONT_MATTER, '# Giriş\n\n', body));
    expect(error.message).toBe(
      'byte 0xFC at line 8 is not UTF-8; the file looks like windows-1254 (Turkish, also ISO-8859-9): save it as UTF-8',
    );
    expect(error.code).toBe('CONTENT');
    expect(error.place).toEqual({ file: SHOWN, line: 8, column: 2 });
  });

  it('should name ISO-8859-9, whose Turkish letters are the same bytes', () => {
    const error = decodeError(bytesOf(FRONT_MATTER, turkish8Bit('# ULUSLARARASİ GÖÇ ÖRGÜTÜ\n')));
    expect(error.message).toMatch(/^byte 0xDD at line 6 is not UTF-8; .*ISO-8859-9/);
    expect(error.place).toMatchObject({ line: 6, column: 14 });
  });

  it('should count the column in characters of the valid text before the bad byte', () => {
    const error = decodeError(bytesOf(FRONT_MATTER, 'Çağrı 😀: ', turkish8Bit('ı')));
    expect(error.place).toEqual({ file: SHOWN, line: 6, column: 10 });
  });

  it('should reject a lone 0xC3 at the end with its line', () => {
    const error = decodeError(bytesOf(FRONT_MATTER, 'line six ', [0xc3]));
    expect(error.message).toMatch(/^byte 0xC3 at line 6 is not UTF-8/);
    expect(error.place).toEqual({ file: SHOWN, line: 6, column: 10 });
  });

  it.each([
    ['an overlong 2-byte /', [0xc0, 0xaf]],
    ['an overlong 3-byte /', [0xe0, 0x80, 0xaf]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
  ])('should reject %s at its first byte', (_, sequence) => {
    const error = decodeError(bytesOf(FRONT_MATTER, 'x\nab', sequence, 'c\n'));
    expect(error.message).toMatch(new RegExp(`^byte 0x${sequence[0]!.toString(16).toUpperCase()} at line 7 is not UTF-8`));
    expect(error.place).toEqual({ file: SHOWN, line: 7, column: 3 });
  });

  it.each([
    ['windows-1251 (Cyrillic)', singleByte('windows-1251', 'Международная организация по миграции работает в России.\n')],
    ['KOI8-R (Cyrillic)', singleByte('koi8-r', 'Международная организация по миграции работает в России.\n')],
    ['windows-1256 (Arabic)', singleByte('windows-1256', 'المنظمة الدولية للهجرة هي المنظمة الرائدة في مجال الهجرة.\n')],
    ['GBK or Big5 (Chinese)', [0xb9, 0xfa, 0xbc, 0xca, 0xd2, 0xc6, 0xc3, 0xf1, 0xd7, 0xe9, 0xd6, 0xaf, 0xca, 0xc7, 0xd6, 0xf7, 0xd2, 0xaa]],
    ['GBK or Big5 (Chinese)', [0xb0, 0xea, 0xbb, 0xda, 0xb2, 0xbe, 0xa5, 0xc1, 0xb2, 0xd5, 0xc2, 0xb4, 0xac, 0x4f, 0xa5, 0x44]], // Big5
    ['Shift_JIS (Japanese)', [0x8d, 0x91, 0x8d, 0xdb, 0x88, 0xda, 0x8f, 0x5a, 0x8b, 0x40, 0x8a, 0xd6, 0x82, 0xcd, 0x81, 0x41, 0x88, 0xda, 0x8f, 0x5a, 0x82, 0xcc, 0x95, 0xaa, 0x96, 0xec, 0x82, 0xc9, 0x82, 0xa8, 0x82, 0xaf, 0x82, 0xe9]],
    ['windows-1252 (Western European, also ISO-8859-1)', singleByte('windows-1252', "L'OIM est à Genève, “déjà” créée.\n")],
  ])('should guess %s from the bytes', (name, body) => {
    expect(decodeError(bytesOf(FRONT_MATTER, body)).message).toContain(`the file looks like ${name}: save it as UTF-8`);
  });

  describe('when guessing fails', () => {
    afterEach(() => vi.unstubAllGlobals());

    it('should give the plain message, not a stack trace', () => {
      const RealDecoder = TextDecoder;
      vi.stubGlobal('TextDecoder', class extends RealDecoder {
        constructor(label?: string, options?: TextDecoderOptions) {
          if (label !== 'utf-8') throw new RangeError(`no ${label} here`);
          super(label, options);
        }
      });
      const error = decodeError(bytesOf(FRONT_MATTER, turkish8Bit('Göç\n')));
      expect(error.message).toBe('byte 0xF6 at line 6 is not UTF-8: save the file as UTF-8');
    });
  });
});

describe('decodeSource: control characters', () => {
  it('should remove ESC and BEL with one warning at the first one', () => {
    const { text, warnings } = decodeSource(utf8(`${FRONT_MATTER}Say \x1b[31mhi\x07!\n`), SHOWN);
    expect(text).toBe(`${FRONT_MATTER}Say [31mhi!\n`);
    expect(warnings).toEqual([{
      severity: 'warning',
      message: '2 control characters (first U+001B at 6:5) removed',
      place: { file: SHOWN, line: 6, column: 5 },
      rule: 'briefpack:control-character',
    }]);
  });

  it('should word the warning for a single control character', () => {
    expect(decodeSource(utf8('ab\x07'), SHOWN).warnings[0]?.message).toBe('1 control character (U+0007 at 1:3) removed');
  });

  it('should remove a NUL byte from an otherwise UTF-8 file', () => {
    const { text, warnings } = decodeSource(bytesOf(`${FRONT_MATTER}Göç`, [0x00], ' verisi\n'), SHOWN);
    expect(text).toBe(`${FRONT_MATTER}Göç verisi\n`);
    expect(warnings[0]?.message).toBe('1 control character (U+0000 at 6:4) removed');
  });

  it('should remove C1 controls, DEL, form feed and vertical tab', () => {
    const { text, warnings } = decodeSource(utf8('a\u0085b\u009fc\x7fd\x0ce\x0bf\n'), SHOWN);
    expect(text).toBe('abcdef\n');
    expect(warnings[0]?.message).toBe('5 control characters (first U+0085 at 1:2) removed');
  });

  it('should place the warning by lines that end in CRLF or a lone CR', () => {
    const { warnings } = decodeSource(utf8('a\r\nb\rc\n\x1b'), SHOWN);
    expect(warnings[0]?.place).toEqual({ file: SHOWN, line: 4, column: 1 });
  });

  it('should remove control characters from UTF-16 text too', () => {
    expect(decodeSource(utf16('a\x1bb', 'be'), SHOWN).text).toBe('ab');
  });
});

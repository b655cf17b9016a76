/**
 * The encoded spellings of a secret that a server or a library could echo, for the leak scan
 * and the redactor's tests: base64 (standard and URL-safe, with and without padding, and as it
 * reads inside longer encoded data at each of the three byte alignments), percent-encoding
 * of every character, hex, fullwidth forms, HTML entities, `\u` escapes, and the value with a
 * separator every few characters.
 */

/** Each value's base64 inside longer data: from its first whole 3-byte group to its last, for each alignment. */
export function base64Spellings(value: string): string[] {
  const bytes = Buffer.from(value)
  const spellings = new Set<string>()
  const add = (base64: string) => {
    if (base64.length < 16) return
    spellings.add(base64)
    spellings.add(base64.replace(/=+$/, ''))
    spellings.add(base64.replace(/\+/g, '-').replace(/\//g, '_'))
    spellings.add(base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''))
  }
  add(bytes.toString('base64'))
  for (let shift = 0; shift < 3; shift++) add(bytes.subarray(shift, shift + Math.floor((bytes.length - shift) / 3) * 3).toString('base64'))
  return [...spellings]
}

/** Every byte as %XX, in upper and in lower case. */
export function percentSpellings(value: string): string[] {
  const upper = [...Buffer.from(value)].map(byte => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('')
  return [upper, upper.toLowerCase()]
}

/** The value's bytes as hex, in lower and in upper case. */
export function hexSpellings(value: string): string[] {
  const hex = Buffer.from(value).toString('hex')
  return [hex, hex.toUpperCase()]
}

/** Each printable ASCII character as its fullwidth form (`A` → `Ａ`), which NFKC folds back. */
export function fullwidth(value: string): string {
  return [...value].map(ch => (ch >= '!' && ch <= '~' ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch)).join('')
}

/** Every character as an HTML entity: decimal (`&#69;`) or hex (`&#x45;`). */
export function entitySpellings(value: string): string[] {
  const codes = [...value].map(ch => ch.codePointAt(0) as number)
  return [codes.map(code => `&#${code};`).join(''), codes.map(code => `&#x${code.toString(16)};`).join('')]
}

/** Every character as a literal `\uXXXX` escape, as a JSON encoder that escapes everything writes it. */
export function unicodeEscapes(value: string): string {
  return [...value].map(ch => `\\u${(ch.codePointAt(0) as number).toString(16).padStart(4, '0')}`).join('')
}

/** `separator` after every `every` characters: a server that wraps or spaces out what it echoes. */
export function separated(value: string, separator: string, every: number): string {
  return (value.match(new RegExp(`[\\s\\S]{1,${every}}`, 'g')) ?? []).join(separator)
}

/** The spellings the leak scan looks for beyond base64 and percent-encoding. */
export function otherSpellings(value: string): string[] {
  return [...hexSpellings(value), fullwidth(value), ...entitySpellings(value), unicodeEscapes(value)]
}

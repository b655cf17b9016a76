/**
 * The encoded spellings of a secret that a server or a library could echo, for the leak scan
 * and the redactor's tests: base64 (standard and URL-safe, with and without padding, and as it
 * reads inside longer encoded data at each of the three byte alignments) and percent-encoding
 * of every character.
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

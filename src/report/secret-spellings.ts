/** The encoded spellings of a secret that servers and libraries echo, for the redactor. */

/** Shorter runs of base64 are too common to count as a secret's. */
const MIN_BASE64 = 16

/**
 * A value's base64, standard and URL-safe, with and without padding. Inside longer encoded data
 * (a Basic auth header, a JSON body) the value's encoding depends on where it starts: each of
 * the three byte alignments gives another spelling, the same wherever the value sits, from its
 * first whole 3-byte group to its last.
 */
export function base64Spellings(value: string): string[] {
  const bytes = Buffer.from(value)
  const spellings = new Set<string>()
  const add = (base64: string) => {
    if (base64.length < MIN_BASE64) return
    const urlSafe = base64.replace(/\+/g, '-').replace(/\//g, '_')
    for (const spelling of [base64, urlSafe]) spellings.add(spelling).add(spelling.replace(/=+$/, ''))
  }
  add(bytes.toString('base64'))
  for (let shift = 0; shift < 3; shift++) add(bytes.subarray(shift, shift + Math.floor((bytes.length - shift) / 3) * 3).toString('base64'))
  return [...spellings]
}

/** Text with its %XX escapes decoded, and for each decoded character the span of the text it came from. */
export interface DecodedText {
  text: string
  start: number[]
  end: number[]
}

/**
 * Decodes %XX escapes, in any case, up to three times over (a URL quoted in a URL is encoded
 * twice); undefined when the text holds none. A secret encoded a character at a time, or in
 * part, reads as itself in the decoded text.
 */
export function percentDecoded(text: string): DecodedText | undefined {
  if (!/%[0-9a-f]{2}/i.test(text)) return undefined
  let decoded: DecodedText = {
    text,
    start: Array.from({ length: text.length }, (_, i) => i),
    end: Array.from({ length: text.length }, (_, i) => i + 1),
  }
  for (let round = 0; round < 3 && /%[0-9a-f]{2}/i.test(decoded.text); round++) {
    const next: DecodedText = { text: '', start: [], end: [] }
    const chars: string[] = []
    for (let i = 0; i < decoded.text.length; i++) {
      const escape = decoded.text[i] === '%' && /^[0-9a-f]{2}$/i.test(decoded.text.slice(i + 1, i + 3))
      chars.push(escape ? String.fromCharCode(parseInt(decoded.text.slice(i + 1, i + 3), 16)) : decoded.text[i])
      next.start.push(decoded.start[i])
      next.end.push(decoded.end[escape ? i + 2 : i])
      if (escape) i += 2
    }
    next.text = chars.join('')
    decoded = next
  }
  return decoded
}

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

/** A secret's bytes as hex, in lower and in upper case (a server dumping a buffer). */
export function hexSpellings(value: string): string[] {
  const hex = Buffer.from(value).toString('hex')
  return hex.length < MIN_BASE64 ? [] : [hex, hex.toUpperCase()]
}

/** A view of a text: each of its characters came from the original's span [start[i], end[i]). */
export interface DecodedText {
  text: string
  start: number[]
  end: number[]
}

/** One escape a server or a library may write a character as: %XX, &#NN;, &#xHH;, &name;, \uXXXX, \u{…}, \xHH. */
const ESCAPE =
  /%([0-9a-f]{2})|&#(\d{1,7});?|&#x([0-9a-f]{1,6});?|&([a-z]{2,12});|\\u\{([0-9a-f]{1,6})\}|\\u([0-9a-f]{4})|\\x([0-9a-f]{2})/gi
const ANY_ESCAPE = /%[0-9a-f]{2}|&#|&[a-z]{2,12};|\\u|\\x[0-9a-f]{2}/i

/** The named HTML entities of characters tokens, keys and their encodings use. */
const ENTITIES: Record<string, string> = {
  amp: '&',
  vert: '|',
  verbar: '|',
  VerticalLine: '|',
  equals: '=',
  plus: '+',
  sol: '/',
  lowbar: '_',
  UnderBar: '_',
  hyphen: '-',
  dash: '-',
  period: '.',
  percnt: '%',
  colon: ':',
  quot: '"',
  apos: "'",
  lt: '<',
  gt: '>',
}

/**
 * Decodes the escapes of ESCAPE up to three times over (a URL quoted in a URL is encoded twice,
 * an entity may hide a %XX); undefined when the text holds none. A secret written a character
 * at a time this way, or in part, reads as itself in the decoded text.
 */
export function decodedView(text: string): DecodedText | undefined {
  if (!ANY_ESCAPE.test(text)) return undefined
  let view: DecodedText = identityView(text)
  for (let round = 0; round < 3 && ANY_ESCAPE.test(view.text); round++) {
    const next: DecodedText = { text: '', start: [], end: [] }
    const chars: string[] = []
    let last = 0
    const keep = (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        chars.push(view.text[i])
        next.start.push(view.start[i])
        next.end.push(view.end[i])
      }
    }
    for (const match of view.text.matchAll(ESCAPE)) {
      const at = match.index
      const decoded = decodeEscape(match)
      if (decoded === undefined) continue
      keep(last, at)
      // A code point may take two UTF-16 units: each maps to the whole escape.
      for (const unit of decoded) {
        chars.push(unit)
        next.start.push(view.start[at])
        next.end.push(view.end[at + match[0].length - 1])
      }
      last = at + match[0].length
    }
    keep(last, view.text.length)
    next.text = chars.join('')
    view = next
  }
  return view
}

function decodeEscape(match: RegExpMatchArray): string | undefined {
  const [, percent, decimal, hexEntity, name, braced, unicode, byte] = match
  if (name !== undefined) return ENTITIES[name] ?? ENTITIES[name.toLowerCase()]
  const hex = percent ?? hexEntity ?? braced ?? unicode ?? byte
  const code = decimal !== undefined ? Number(decimal) : parseInt(hex, 16)
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff && unicode === undefined)) return undefined
  return String.fromCodePoint(code)
}

function identityView(text: string): DecodedText {
  return {
    text,
    start: Array.from({ length: text.length }, (_, i) => i),
    end: Array.from({ length: text.length }, (_, i) => i + 1),
  }
}

/** Control, format (zero-width, bidi) and separator (spaces, line and paragraph separators) characters. */
const INVISIBLE_OR_SEPARATOR = /[\p{Cc}\p{Cf}\p{Z}]/u

/**
 * The view with Unicode compatibility forms folded (NFKC, a code point at a time: fullwidth
 * `Ａ` reads `A`) and every control, format and separator character removed, so a secret sent
 * back with a space, a zero-width character or a line separator every few characters reads as
 * itself. Undefined when that changes nothing. ASCII letters and digits take the fast path.
 */
export function normalizedView(from: DecodedText | string): DecodedText | undefined {
  const view = typeof from === 'string' ? { text: from, start: undefined, end: undefined } : from
  if (!/[^\x21-\x7e]/.test(view.text)) return undefined
  const next: DecodedText = { text: '', start: [], end: [] }
  const chars: string[] = []
  for (let i = 0; i < view.text.length;) {
    const code = view.text.codePointAt(i) as number
    const width = code > 0xffff ? 2 : 1
    const start = view.start ? view.start[i] : i
    const end = view.end ? view.end[i + width - 1] : i + width
    i += width
    if (code >= 0x21 && code <= 0x7e) {
      chars.push(String.fromCharCode(code))
      next.start.push(start)
      next.end.push(end)
      continue
    }
    const char = String.fromCodePoint(code)
    if (INVISIBLE_OR_SEPARATOR.test(char)) continue
    for (const unit of char.normalize('NFKC')) {
      if (INVISIBLE_OR_SEPARATOR.test(unit)) continue
      for (let k = 0; k < unit.length; k++) {
        chars.push(unit[k])
        next.start.push(start)
        next.end.push(end)
      }
    }
  }
  next.text = chars.join('')
  return next
}

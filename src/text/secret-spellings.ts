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

/** For each character of a view, the span [start[i], end[i]) of the original text it came from. */
export interface Spans {
  start: number[]
  end: number[]
}

/**
 * Another reading of a text (decoded, normalised), in which a secret may show that does not in
 * the text itself. Its spans are worked out only when something is found in it: most lines hold
 * no secret, and the text alone is cheap to build.
 */
export interface TextView {
  text: string
  spans(): Spans
}

/**
 * One escape a server or a library may write a character as: %XX, &#NN;, &#xHH;, &name;,
 * \uXXXX, \u{…}, \xHH, quoted-printable =XX (only beside another: `a=12` in a query is no escape), and an escaped backslash `\\` (JSON inside JSON
 * writes `\u0041` as `\\u0041`: one round turns it into `\u0041`, the next into `A`).
 */
const ESCAPE =
  /%([0-9a-f]{2})|&#(\d{1,7});?|&#x([0-9a-f]{1,6});?|&([a-z]{2,12});|\\u\{([0-9a-f]{1,6})\}|\\u([0-9a-f]{4})|\\x([0-9a-f]{2})|=([0-9a-f]{2})(?==[0-9a-f]{2})|(?<==[0-9a-f]{2})=([0-9a-f]{2})|\\(\\)/gi
const ANY_ESCAPE = /%[0-9a-f]{2}|&#|&[a-z]{2,12};|\\u|\\x[0-9a-f]{2}|=[0-9a-f]{2}=[0-9a-f]{2}|\\\\/i
/**
 * Rounds of decoding at most: every round shortens the text, and a value encoded this many
 * times over is far past what a server echoes; the bound keeps the work linear in the text.
 */
const MAX_ROUNDS = 12

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
 * The text with the escapes of ESCAPE decoded until it stops changing (a URL quoted in a URL is
 * encoded twice, an entity may hide a %XX, a value may be encoded four times over), at most
 * MAX_ROUNDS times; undefined when it holds none. A secret written a character at a time this
 * way, or in part, reads as itself in the decoded text.
 */
export function decodedView(text: string): TextView | undefined {
  if (!ANY_ESCAPE.test(text)) return undefined
  let decoded = text
  for (let round = 0; round < MAX_ROUNDS && ANY_ESCAPE.test(decoded); round++) {
    const next = decoded.replace(ESCAPE, (...match: string[]) => decodeEscape(match) ?? match[0])
    if (next === decoded) break
    decoded = next
  }
  return { text: decoded, spans: () => decodedSpans(text) }
}

/** The spans of decodedView's text: the same decoding, a character at a time. */
function decodedSpans(text: string): Spans {
  let view = { text, start: Array.from({ length: text.length }, (_, i) => i), end: Array.from({ length: text.length }, (_, i) => i + 1) }
  for (let round = 0; round < MAX_ROUNDS && ANY_ESCAPE.test(view.text); round++) {
    const next = { text: '', start: [] as number[], end: [] as number[] }
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
      const decoded = decodeEscape(match)
      if (decoded === undefined) continue
      const at = match.index
      keep(last, at)
      // A code point may take two UTF-16 units: each maps to the whole escape.
      for (let k = 0; k < decoded.length; k++) {
        chars.push(decoded[k])
        next.start.push(view.start[at])
        next.end.push(view.end[at + match[0].length - 1])
      }
      last = at + match[0].length
    }
    keep(last, view.text.length)
    next.text = chars.join('')
    if (next.text === view.text) break
    view = next
  }
  return view
}

function decodeEscape(match: ArrayLike<string | undefined>): string | undefined {
  const [, percent, decimal, hexEntity, name, braced, unicode, byte, printable, lastPrintable, backslash] = Array.from(match)
  if (backslash !== undefined) return backslash
  if (name !== undefined) return ENTITIES[name] ?? ENTITIES[name.toLowerCase()]
  const hex = percent ?? hexEntity ?? braced ?? unicode ?? byte ?? printable ?? lastPrintable
  const code = decimal !== undefined ? Number(decimal) : parseInt(hex as string, 16)
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff && unicode === undefined)) return undefined
  return String.fromCodePoint(code)
}

/**
 * Control, format (zero-width, bidi) and separator (spaces, line and paragraph separators)
 * characters, and combining marks (a mark after each character would otherwise fold into it).
 */
const INVISIBLE_OR_SEPARATOR = /[\p{Cc}\p{Cf}\p{Z}\p{M}]/u
/** A code point outside printable ASCII but space: the only ones normalising may change. */
const NOT_PLAIN = /[^\x21-\x7e]/gu

/** One code point as normalised: NFKC (fullwidth `Ａ` reads `A`), with invisible and separator characters removed. */
function normalizedChar(char: string): string {
  let normalized = NORMALIZED.get(char)
  if (normalized === undefined) {
    const folded = INVISIBLE_OR_SEPARATOR.test(char) ? '' : char.normalize('NFKC')
    normalized = folded === char ? char : [...folded].filter(unit => !INVISIBLE_OR_SEPARATOR.test(unit)).join('')
    if (NORMALIZED.size < 4096) NORMALIZED.set(char, normalized)
  }
  return normalized
}

/** normalizedChar's answers: a log holds few distinct characters outside ASCII. */
const NORMALIZED = new Map<string, string>()

/**
 * The text (or view) with Unicode compatibility forms folded, a code point at a time, and every
 * control, format and separator character (and combining mark) removed, so a secret sent back with a space, a
 * zero-width character or a line separator every few characters reads as itself. Undefined
 * when that changes nothing.
 */
export function normalizedView(from: TextView | string): TextView | undefined {
  const base = typeof from === 'string' ? from : from.text
  NOT_PLAIN.lastIndex = 0
  if (!NOT_PLAIN.test(base)) return undefined
  const text = base.replace(NOT_PLAIN, normalizedChar)
  const spans = (): Spans => {
    const inner = normalizedSpans(base)
    if (typeof from === 'string') return inner
    const outer = from.spans()
    return { start: inner.start.map(i => outer.start[i]), end: inner.end.map(i => outer.end[i - 1]) }
  }
  return { text, spans }
}

/** The spans of normalizedView's text within `text`: the same normalising, a code point at a time. */
function normalizedSpans(text: string): Spans {
  const spans: Spans = { start: [], end: [] }
  for (let i = 0; i < text.length;) {
    const width = (text.codePointAt(i) as number) > 0xffff ? 2 : 1
    const char = text.slice(i, i + width)
    const normalized = char >= '!' && char <= '~' && width === 1 ? char : normalizedChar(char)
    for (let k = 0; k < normalized.length; k++) {
      spans.start.push(i)
      spans.end.push(i + width)
    }
    i += width
  }
  return spans
}

/** ASCII punctuation: what a server may slip between a secret's characters without changing it much. */
const PUNCTUATION = /[!-/:-@[-`{-~]/g
const IS_PUNCTUATION = /[!-/:-@[-`{-~]/

/** `value` without ASCII punctuation: how a secret reads in plainView. */
export function withoutPunctuation(value: string): string {
  return value.replace(PUNCTUATION, '')
}

/**
 * The text (or view) without ASCII punctuation, so a secret sent back with a `-`, `.` or `,`
 * every few characters, or as colon-separated hex, reads as the secret (or its hex) without
 * punctuation. Undefined when the text has none.
 */
export function plainView(from: TextView | string): TextView | undefined {
  const base = typeof from === 'string' ? from : from.text
  PUNCTUATION.lastIndex = 0
  if (!PUNCTUATION.test(base)) return undefined
  const text = withoutPunctuation(base)
  const spans = (): Spans => {
    const inner: Spans = { start: [], end: [] }
    for (let i = 0; i < base.length; i++) {
      if (IS_PUNCTUATION.test(base[i])) continue
      inner.start.push(i)
      inner.end.push(i + 1)
    }
    if (typeof from === 'string') return inner
    const outer = from.spans()
    return { start: inner.start.map(i => outer.start[i]), end: inner.end.map(i => outer.end[i - 1]) }
  }
  return { text, spans }
}

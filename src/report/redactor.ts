import { base64Spellings, decodedView, type DecodedText, hexSpellings, normalizedView } from './secret-spellings.ts'

/** Shortest run of a secret that counts as a leak when it shows up on its own. */
const FRAGMENT = 12

/** ASCII-only lower case: keeps every index in place, unlike toLowerCase on all of Unicode. */
function foldAscii(text: string): string {
  return text.replace(/[A-Z]/g, ch => ch.toLowerCase())
}

/**
 * Knows every secret value of the run and removes them from text. Each value is handed to
 * `mask` (the runner's ::add-mask::) the moment it is registered, so the runner hides it from the log
 * before it could first appear; `redact` is the second line of defence for our own messages
 * and for errors raised by libraries (which may quote URLs with query strings).
 *
 * Besides each value as it is, `redact` removes the spellings servers and libraries echo: its
 * URL encoding, its base64 (secret-spellings.ts), and the value percent-encoded a character
 * at a time (looked for in the text with its %XX escapes decoded). Secrets registered with
 * `fragments` are also removed where only a part of them shows: a token pasted into the wrong
 * input would otherwise be quoted back cut short, lower-cased or escaped, and the runner masks
 * whole values only.
 */
export class Redactor {
  private readonly values = new Set<string>()
  /** Every spelling to remove: the values, their URL encodings and their base64. */
  private readonly spellings = new Set<string>()
  private readonly fragments = new Set<string>()
  private readonly mask: (value: string) => void

  constructor(mask: (value: string) => void) {
    this.mask = mask
  }

  register(value: string | undefined, options: { fragments?: boolean } = {}): void {
    if (!value) return
    if (options.fragments ?? true) {
      const folded = foldAscii(value)
      for (let i = 0; i + FRAGMENT <= folded.length; i++) this.fragments.add(folded.slice(i, i + FRAGMENT))
    }
    if (this.values.has(value)) return
    this.values.add(value)
    this.mask(value)
    this.spellings.add(value)
    // Query strings carry the same values percent-encoded (an app token's `|` becomes %7C).
    for (const form of [encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2)]) {
      if (!this.spellings.has(form)) {
        this.spellings.add(form)
        this.mask(form)
      }
    }
    // The runner masks base64 of each masked value itself; these are for our own lines.
    for (const form of [...base64Spellings(value), ...hexSpellings(value)]) this.spellings.add(form)
  }

  /**
   * Looks for the secrets in the text as it is, in the text with its escapes decoded (%XX, HTML
   * entities, \u and \x escapes), and in that text normalised (compatibility forms folded;
   * control, format and separator characters removed); what is found in a view is hidden in
   * the text where it came from. Each view is one pass over the text.
   */
  redact(text: string): string {
    if (text === '' || this.values.size === 0) return text
    const hidden = new Uint8Array(text.length)
    this.hide(text, (start, length) => hidden.fill(1, start, start + length))
    const decoded = decodedView(text)
    const normalized = normalizedView(decoded ?? text)
    for (const view of [decoded, normalized]) if (view) this.hideIn(view, hidden)
    return hidden.includes(1) ? replaceHidden(text, hidden) : text
  }

  private hideIn(view: DecodedText, hidden: Uint8Array): void {
    this.hide(view.text, (start, length) => hidden.fill(1, view.start[start], view.end[start + length - 1]))
  }

  /** Calls `found` for every spelling of a secret, and every fragment, in `text`. */
  private hide(text: string, found: (start: number, length: number) => void): void {
    for (const spelling of this.spellings) {
      for (let at = text.indexOf(spelling); at !== -1; at = text.indexOf(spelling, at + 1)) found(at, spelling.length)
    }
    if (this.fragments.size === 0 || text.length < FRAGMENT) return
    const folded = foldAscii(text)
    for (let i = 0; i + FRAGMENT <= folded.length; i++) {
      if (this.fragments.has(folded.slice(i, i + FRAGMENT))) found(i, FRAGMENT)
    }
  }
}

/** The text with each run of hidden characters replaced by `***`. */
function replaceHidden(text: string, hidden: Uint8Array): string {
  let result = ''
  let i = 0
  while (i < text.length) {
    const start = i
    const isHidden = hidden[i]
    while (i < text.length && hidden[i] === isHidden) i++
    result += isHidden ? '***' : text.slice(start, i)
  }
  return result
}

import {
  base64Spellings,
  decodedView,
  hexSpellings,
  normalizedView,
  plainView,
  type TextView,
  withoutPunctuation,
} from './secret-spellings.ts'

/** Shortest run of a secret that counts as a leak when it shows up on its own. */
const FRAGMENT = 12

/** What one view is searched for: whole spellings, and 12-unit fragments (ASCII-folded). */
interface Needles {
  spellings: Set<string>
  fragments: Set<string>
}

function reversed(value: string): string {
  return [...value].reverse().join('')
}

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
 *
 * Each value is also looked for reversed, and in a view of the text without ASCII punctuation
 * (a `-` or `,` slipped in every few characters, colon-separated hex), where its spellings
 * without punctuation are looked for: decoded until stable, and these views, rather than an
 * allow-list of what server text may say (CONTRIBUTING.md, "Redaction").
 */
export class Redactor {
  private readonly values = new Set<string>()
  /** Values whose fragments are known already: registering one again (a proof before each call) costs nothing. */
  private readonly fragmented = new Set<string>()
  /** Every spelling to remove: the values (and reversed), their URL encodings, their base64 and hex. */
  private readonly spellings = new Set<string>()
  private readonly fragments = new Set<string>()
  /** The same without ASCII punctuation, for the views without it. */
  private readonly plain: Needles = { spellings: new Set(), fragments: new Set() }
  /** The (ASCII-folded) UTF-16 units fragments are made of: a window holding any other cannot be one. */
  private readonly fragmentUnits = new Uint8Array(0x10000)
  private readonly mask: (value: string) => void

  constructor(mask: (value: string) => void) {
    this.mask = mask
  }

  register(value: string | undefined, options: { fragments?: boolean } = {}): void {
    if (!value) return
    if ((options.fragments ?? true) && !this.fragmented.has(value)) {
      this.fragmented.add(value)
      const folded = foldAscii(value)
      for (const form of [folded, reversed(folded)]) {
        for (let i = 0; i + FRAGMENT <= form.length; i++) this.fragments.add(form.slice(i, i + FRAGMENT))
        const plain = withoutPunctuation(form)
        for (let i = 0; i + FRAGMENT <= plain.length; i++) this.plain.fragments.add(plain.slice(i, i + FRAGMENT))
      }
      for (let i = 0; i < folded.length; i++) this.fragmentUnits[folded.charCodeAt(i)] = 1
    }
    if (this.values.has(value)) return
    this.values.add(value)
    this.mask(value)
    this.addSpelling(value)
    this.addSpelling(reversed(value))
    // Query strings carry the same values percent-encoded (an app token's `|` becomes %7C).
    for (const form of [encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2)]) {
      if (this.addSpelling(form)) this.mask(form)
    }
    // The runner masks base64 of each masked value itself; these are for our own lines.
    for (const form of [...base64Spellings(value), ...hexSpellings(value)]) this.addSpelling(form)
  }

  /** False when the spelling was known already. */
  private addSpelling(spelling: string): boolean {
    if (this.spellings.has(spelling)) return false
    this.spellings.add(spelling)
    // Shorter than a fragment, a spelling without punctuation could be ordinary words.
    const plain = withoutPunctuation(spelling)
    if (plain.length >= FRAGMENT) this.plain.spellings.add(plain)
    return true
  }

  /**
   * Looks for the secrets in the text as it is, in the text with its escapes decoded (%XX, HTML
   * entities, \u and \x escapes), and in both normalised (compatibility forms folded; control,
   * format and separator characters removed); what is found in a view is hidden in the text
   * where it came from. Each view is one pass over the text.
   */
  redact(text: string): string {
    if (text === '' || this.values.size === 0) return text
    const hidden = new Uint8Array(text.length)
    const all: Needles = { spellings: this.spellings, fragments: this.fragments }
    this.hide(text, all, (start, length) => hidden.fill(1, start, start + length))
    const decoded = decodedView(text)
    // Normalised before and after decoding: a `%` before spaced-out hex is no escape of it.
    const views = [decoded, normalizedView(text), decoded && normalizedView(decoded)].filter((view): view is TextView => Boolean(view))
    for (const view of views) this.hideIn(view, all, hidden)
    for (const view of [text, ...views]) {
      const plain = plainView(view)
      if (plain) this.hideIn(plain, this.plain, hidden)
    }
    return hidden.includes(1) ? replaceHidden(text, hidden) : text
  }

  private hideIn(view: TextView, needles: Needles, hidden: Uint8Array): void {
    let spans: ReturnType<TextView['spans']> | undefined
    this.hide(view.text, needles, (start, length) => {
      spans ??= view.spans()
      hidden.fill(1, spans.start[start], spans.end[start + length - 1])
    })
  }

  /** Calls `found` for every spelling of a secret, and every fragment, in `text`. */
  private hide(text: string, needles: Needles, found: (start: number, length: number) => void): void {
    for (const spelling of needles.spellings) {
      for (let at = text.indexOf(spelling); at !== -1; at = text.indexOf(spelling, at + 1)) found(at, spelling.length)
    }
    if (needles.fragments.size === 0 || text.length < FRAGMENT) return
    // Only windows of FRAGMENT units that fragments are made of are looked up: in ordinary
    // text (spaces, punctuation, other letters) that skips almost every position.
    let folded: string | undefined
    let run = 0
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i)
      run = this.fragmentUnits[unit >= 65 && unit <= 90 ? unit + 32 : unit] ? run + 1 : 0
      if (run < FRAGMENT) continue
      folded ??= foldAscii(text)
      const start = i - FRAGMENT + 1
      if (needles.fragments.has(folded.slice(start, i + 1))) found(start, FRAGMENT)
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
